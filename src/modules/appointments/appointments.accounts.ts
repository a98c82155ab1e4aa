// The account queries of appointments (issue 21 §2 pattern, issue 22 §1): an account's own bookings,
// earlier ones it may claim (booked through the API or a kiosk with the account's verified phone),
// claiming (only rows still unlinked and still matching), unlinking (closing the account), and the
// owner's view of one booking. The cancel code's hash is never exported.
import type { Db } from '../../schema.ts';
import { UNLINKED_ACCOUNT, ownedBy } from '../../platform/db/account-link.ts';
import { normaliseReference } from '../../platform/public-refs/public-refs.ts';
import { maskPhone } from '../../platform/log/mask.ts';
import { labelOf } from '../../platform/web/enums.ts';
import { whenOf } from './booking.service.ts';
import { APPOINTMENT_STATUSES, BOOKING_CHANNELS, type AppointmentStatus, type BookingChannel } from './vocabulary.ts';

export interface AppointmentMatch { phone: string | null }

const base = (db: Db) => db.selectFrom('ap_appointment').innerJoin('sm_venue', 'sm_venue.id', 'ap_appointment.venue_id').leftJoin('sm_item', 'sm_item.id', 'ap_appointment.item_id')
  .select(['ap_appointment.id', 'ap_appointment.public_id', 'ap_appointment.status', 'ap_appointment.day_on', 'ap_appointment.start_at', 'ap_appointment.end_at', 'ap_appointment.created_at',
    'ap_appointment.account_id', 'ap_appointment.phone', 'ap_appointment.name', 'ap_appointment.channel', 'ap_appointment.rescheduled_from', 'ap_appointment.reminded_at', 'ap_appointment.updated_at',
    'sm_venue.name as venue', 'sm_venue.public_id as venue_public_id', 'sm_venue.address', 'sm_item.name as item', 'sm_item.public_id as item_public_id']);

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;
const statusLabel = (st: string) => labelOf(APPOINTMENT_STATUSES, st as AppointmentStatus);
const toRow = (r: Row) => ({ ref: r.public_id, title: `${r.venue}${r.item ? ` · ${r.item}` : ''}：${whenOf(r)}`, status: statusLabel(r.status), submittedAt: r.created_at });
const normalise = (ref: string) => normaliseReference(ref).slice(0, 40);

export const appointmentAccounts = {
  async list(db: Db, accountId: number) {
    const rows = await base(db).where('ap_appointment.account_id', '=', accountId).orderBy('ap_appointment.start_at', 'desc').limit(500).execute();
    return rows.map(toRow);
  },
  async claimable(db: Db, m: AppointmentMatch) {
    if (!m.phone) return [];
    const rows = await base(db).where(UNLINKED_ACCOUNT, '=', 0).where('ap_appointment.phone', '=', m.phone).orderBy('ap_appointment.created_at', 'desc').limit(200).execute();
    return rows.map((r) => ({ ...toRow(r), matchedBy: ['phone' as const] }));
  },
  async claim(db: Db, accountId: number, m: AppointmentMatch, refs: readonly string[]): Promise<number> {
    const wanted = [...new Set(refs.map(normalise))].filter(Boolean);
    if (!wanted.length || !m.phone) return 0;
    const r = await db.updateTable('ap_appointment').set({ account_id: accountId })
      .where('public_id', 'in', wanted).where('account_id', 'is', null).where('phone', '=', m.phone).executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0);
  },
  async unlink(db: Db, accountId: number): Promise<number> {
    const r = await db.updateTable('ap_appointment').set({ account_id: null }).where('account_id', '=', accountId).executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0);
  },
  async detail(db: Db, accountId: number, ref: string) {
    const row = await base(db).where('ap_appointment.public_id', '=', normalise(ref)).executeTakeFirst();
    if (!ownedBy(row, accountId)) return null;
    const facts = [
      { label: '办事场所', value: row.venue }, { label: '地址', value: row.address }, { label: '时间', value: whenOf(row) },
      ...(row.item ? [{ label: '事项', value: row.item }] : []),
      { label: '姓名', value: row.name }, { label: '手机号码', value: maskPhone(row.phone) },
      { label: '预约渠道', value: labelOf(BOOKING_CHANNELS, row.channel as BookingChannel) },
      ...(row.rescheduled_from ? [{ label: '改约自', value: row.rescheduled_from }] : []),
    ];
    const events = [{ on: row.created_at.slice(0, 10), label: '预约' }, ...(row.status !== 'booked' ? [{ on: row.updated_at.slice(0, 10), label: statusLabel(row.status) }] : [])];
    return { ref: row.public_id, title: toRow(row).title, status: toRow(row).status, submittedAt: row.created_at, body: null, facts, events, reply: null };
  },
  async exportOne(db: Db, accountId: number, ref: string): Promise<Record<string, unknown> | null> {
    const row = await base(db).where('ap_appointment.public_id', '=', normalise(ref)).executeTakeFirst();
    if (!ownedBy(row, accountId)) return null;
    const { id: _id, account_id: _a, ...rest } = row;
    return rest;
  },
};
