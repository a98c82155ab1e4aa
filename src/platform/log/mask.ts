// Pure: masks personal identifiers wherever text is shown or logged.
// 居民身份证号码 (GB 11643: 17 digits + check digit 0-9/X) keeps the first 6 and last 4 characters;
// mobile numbers (11 digits starting 1[3-9]) keep the first 3 and last 4.

const ID_NUMBER = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

export function maskIdNumber(text: string): string {
  return text.replace(ID_NUMBER, '$1********$2');
}

export function maskPhone(text: string): string {
  return text.replace(MOBILE, '$1****$2');
}

// A home address keeps its leading divisions (省, 市, 县/区 — at most three) and hides the rest.
const DIVISION = /^[^省市县区旗盟\s]{1,8}?(?:自治区|自治州|省|市|县|区|旗|盟)/u;

/** A home address for a reader who may not see it: 「河北省邯郸市磁县****」, or 「****」 with no division. */
export function maskAddress(text: string): string {
  let rest = text.trim();
  let kept = '';
  for (let i = 0; i < 3; i++) {
    const m = DIVISION.exec(rest);
    if (!m) break;
    kept += m[0];
    rest = rest.slice(m[0].length);
  }
  return rest || !kept ? `${kept}****` : kept;
}

/** Masks ID numbers and mobile numbers in free text. */
export function maskPersonalData(text: string): string {
  return maskPhone(maskIdNumber(text));
}

// A single-use link carries its secret in a `/t/<token>` path segment (好差评 rating links
// /rate/t/…): whoever reads a log line with it could rate in the citizen's name. Logs keep the first
// 4 characters (enough to tell two links apart) and hide the rest.
// The 一码办 QR (/c/<random>.<expiry>.<signature>) is such a link too: for its 5 minutes it can be typed at a kiosk.
const LINK_SECRET = /(\/[tc]\/)([A-Za-z0-9_-]{4})[A-Za-z0-9_.-]{12,}/g;

/** Hides the secret of single-use links (`/rate/t/abcd****`, `/c/abcd****`) in text that is logged. */
export function maskLinkSecrets(text: string): string {
  return text.replace(LINK_SECRET, '$1$2****');
}

// An e-mail address keeps its first character and its domain (z***@example.com), as the outbox shows it.
const EMAIL = /(?<![A-Za-z0-9._%+-])([A-Za-z0-9])[A-Za-z0-9._%+-]*(@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})(?![A-Za-z0-9-])/g;

/** Masks e-mail addresses in text that is logged or audited. */
function maskEmail(text: string): string {
  return text.replace(EMAIL, '$1***$2');
}

/** What a log line or an audit entry may carry: personal data, e-mail addresses and link secrets masked. */
export function maskForLog(text: string): string {
  return maskEmail(maskLinkSecrets(maskPersonalData(text)));
}

/** Masks every string inside a JSON-like value (for log objects and audit entries). */
export function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskForLog(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  if (value instanceof Error) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
  return out;
}
