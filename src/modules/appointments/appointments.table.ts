// Kysely table types of appointments (migration 0038_appointments_queue).
import type { Generated } from 'kysely';

export interface ApSlotRuleTable {
  id: Generated<number>;
  venue_id: number;
  item_id: number | null;
  /** "1,2,3,4,5": 1 = Monday … 7 = Sunday */
  weekdays: string;
  start_min: number;
  end_min: number;
  capacity: number;
  position: number;
  created_at: string;
}

export interface ApSlotExceptionTable {
  id: Generated<number>;
  venue_id: number;
  day_on: string;
  /** closed | open */
  kind: string;
  as_weekday: number | null;
  note: Generated<string>;
  created_at: string;
}

export interface ApSlotLoadTable { venue_id: number; item_key: number; start_at: string; booked: number }

export interface ApAppointmentTable {
  id: Generated<number>;
  public_id: string;
  venue_id: number;
  item_id: number | null;
  item_key: number;
  start_at: string;
  end_at: string;
  day_on: string;
  name: string;
  phone: string;
  person_key: string;
  account_id: number | null;
  code_hash: string;
  status: string;
  channel: string;
  rescheduled_from: string | null;
  reminded_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AppointmentTables {
  ap_slot_rule: ApSlotRuleTable;
  ap_slot_exception: ApSlotExceptionTable;
  ap_slot_load: ApSlotLoadTable;
  ap_appointment: ApAppointmentTable;
}
