// Pure: check digits of Chinese identity numbers, so a typo is caught at the form instead of at
// the counter. 居民身份证号码 — GB 11643-1999 (ISO 7064 MOD 11-2, plus a real birth date);
// 统一社会信用代码 — GB 32100-2015 (MOD 31 over its 31-character alphabet).

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character of the first 17 digits of an 18-digit ID number. */
export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

export type IdCardProblem = 'format' | 'birth_date' | 'check_digit';

/**
 * Checks an 18-digit 居民身份证号码 (upper- or lower-case X): its shape, a birth date that exists
 * and is not after `today` (YYYY-MM-DD), and its check digit. Null when valid.
 */
export function idCardProblem(input: string, today: string): IdCardProblem | null {
  const id = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  const iso = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (y < 1880 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || iso > today) return 'birth_date';
  return idCardCheckChar(id) === id[17] ? null : 'check_digit';
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of the first 17 characters of a 统一社会信用代码. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i] as string) * (USCC_WEIGHTS[i] as number);
  return USCC_CHARS[(31 - (sum % 31)) % 31] as string;
}

export type UsccProblem = 'format' | 'check_digit';

/** Checks an 18-character 统一社会信用代码 (case-insensitive): shape and check character. Null when valid. */
export function usccProblem(input: string): UsccProblem | null {
  const c = input.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(c)) return 'format';
  return usccCheckChar(c) === c[17] ? null : 'check_digit';
}
