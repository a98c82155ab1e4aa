// Pure: the CSV files of the 咨询登记 — the list (contacts arrive masked) and the month's statistics
// (per zone and the top topics). platform/csv writes them: UTF-8 with BOM, formula-safe cells.
import { toCsv } from '../../platform/csv/csv.ts';
import { beijingTime } from '../../platform/clock/local-date.ts';
import { labelOf } from '../../platform/web/enums.ts';
import { ENQUIRY_CHANNELS, ENQUIRY_CONVERSIONS, type EnquiryChannel, type EnquiryConversion } from './vocabulary.ts';
import { enquiryStrings } from './enquiries.strings.ts';

const c = enquiryStrings.csv;

/** One listed entry (the contact already masked by the caller). */
export interface CsvEnquiry {
  publicId: string; askedAt: string; askedOn: string; venuePublicId: string | null; venueName: string | null; windowPublicId: string | null;
  channel: EnquiryChannel; topic: string; itemPublicId: string | null; recordRef: string | null; answer: string; followUp: boolean; followedUpOn: string | null;
  contactName: string | null; contactPhone: string | null; convertedKind: EnquiryConversion | null; convertedRef: string | null; orgName: string;
}

export function listCsv(rows: readonly CsvEnquiry[]): string {
  return toCsv([
    c.listHeader,
    ...rows.map((r) => [
      r.publicId, beijingTime(r.askedAt), r.askedOn, r.venuePublicId ?? '', r.venueName ?? '', r.windowPublicId ?? '', labelOf(ENQUIRY_CHANNELS, r.channel), r.topic,
      r.itemPublicId ?? '', r.recordRef ?? '', r.answer, r.followUp ? c.yes : c.no, r.followedUpOn ?? '', r.contactName ?? '', r.contactPhone ?? '',
      r.convertedKind ? labelOf(ENQUIRY_CONVERSIONS, r.convertedKind) : '', r.convertedRef ?? '', r.orgName,
    ]),
  ]);
}

export interface CsvStatistics {
  month: string;
  zones: readonly { venuePublicId: string | null; name: string; total: number; byChannel: Record<EnquiryChannel, number>; followUpsOpen: number }[];
  topics: readonly { topic: string; count: number }[];
}

export function zonesCsv(s: CsvStatistics): string {
  return toCsv([c.zonesHeader, ...s.zones.map((z) => [s.month, z.venuePublicId ?? '', z.name, z.total, z.byChannel.window, z.byChannel.phone, z.byChannel.self_service, z.followUpsOpen])]);
}

export function topicsCsv(s: CsvStatistics): string {
  return toCsv([c.topicsHeader, ...s.topics.map((t, i) => [s.month, i + 1, t.topic, t.count])]);
}
