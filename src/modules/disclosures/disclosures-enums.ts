// The enumerated fields of the disclosure APIs as code + Chinese label (platform/web/enums.ts):
// each is accepted as either, and answered as its code.
import { defineEnum } from '../../platform/web/enums.ts';
import { GENRES, VALIDITIES, type Genre, type Validity } from './disclosures.table.ts';
import { disclosureStrings as s, STAFF_GENRE_LABELS, VALIDITY_LABELS } from './disclosures.strings.ts';

export const GENRE_ENUM = defineEnum<Genre>(GENRES.map((g) => ({ code: g, label: STAFF_GENRE_LABELS[g] })));
export const VALIDITY_ENUM = defineEnum<Validity>(VALIDITIES.map((v) => ({ code: v, label: VALIDITY_LABELS[v] })));
export const BODY_FORMAT_ENUM = defineEnum<'text' | 'html'>([{ code: 'text', label: '纯文本' }, { code: 'html', label: '超文本' }]);
export const ACTION_ENUM = defineEnum<'submit' | 'approve' | 'reject' | 'publish' | 'schedule' | 'withdraw'>([
  { code: 'submit', label: s.view.submit }, { code: 'approve', label: s.view.conclusion.approve }, { code: 'reject', label: s.view.conclusion.reject },
  { code: 'publish', label: s.view.publish }, { code: 'schedule', label: s.view.schedule }, { code: 'withdraw', label: s.view.withdraw },
]);
export const YES_NO_ENUM = defineEnum<'yes' | 'no'>([{ code: 'yes', label: s.review.yes }, { code: 'no', label: s.review.no }]);
