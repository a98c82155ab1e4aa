// Pure: NBS 12-digit administrative division codes (统计用区划代码) and their short forms.
// Digits 1–2 province, 3–4 city, 5–6 county, 7–9 township/street, 10–12 village/community.

export type RegionLevel = 'province' | 'city' | 'county' | 'township' | 'village';

const SHORT_FORM = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/;

/** Expands a region code of 2, 4, 6, 9 or 12 digits to 12 digits, or null when malformed. */
export function normaliseRegionCode(input: string): string | null {
  const t = input.trim();
  return SHORT_FORM.test(t) ? t.padEnd(12, '0') : null;
}

/** The shortest form: 130427000000 → 130427, 440105001000 → 440105001. */
export function shortRegionCode(code12: string): string {
  for (const len of [2, 4, 6, 9]) {
    if (/^0*$/.test(code12.slice(len))) return code12.slice(0, len);
  }
  return code12;
}

/** The level a 12-digit code stands for, from where its trailing zeros start. */
export function levelOfCode(code: string): RegionLevel {
  if (/^\d{2}0{10}$/.test(code)) return 'province';
  if (/^\d{4}0{8}$/.test(code)) return 'city';
  if (/^\d{6}0{6}$/.test(code)) return 'county';
  if (/^\d{9}0{3}$/.test(code)) return 'township';
  return 'village';
}

/** The parent code implied by a code's digits (a province has none). */
export function impliedParent(code: string): string | null {
  const keep = { province: 0, city: 2, county: 4, township: 6, village: 9 }[levelOfCode(code)];
  return keep === 0 ? null : code.slice(0, keep).padEnd(12, '0');
}
