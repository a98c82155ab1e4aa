// Pure: the entrance form's fields checked at the boundary — level (code or Chinese label), name,
// an absolute http(s) address without credentials, and the sort order.
import { parseEnum } from '../../platform/web/enums.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { LINK_LEVELS, portalStrings } from './portal.strings.ts';

const s = portalStrings.links;

export interface LinkFormValues { level: string; name: string; url: string; sort_order: string }

function checkLinkUrl(raw: string): string | null {
  const url = raw.trim();
  if (!url) return s.urlRequired;
  if (url.length > 500) return s.urlTooLong;
  if (!/^https?:\/\//i.test(url) || /[\s\p{Cc}]/u.test(url)) return s.urlInvalid;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return s.urlInvalid;
  }
  if (!['http:', 'https:'].includes(u.protocol) || !u.hostname || u.username || u.password || !/[a-z0-9]/i.test(u.hostname)) return s.urlInvalid;
  return null;
}

export function parseLinkForm(v: LinkFormValues): { ok: true; value: { level: string; name: string; url: string; sortOrder: number } } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const level = v.level.trim() ? parseEnum(LINK_LEVELS, v.level) : null;
  if (!level) errors.level = s.levelRequired;
  const name = v.name.trim();
  if (!name) errors.name = s.nameRequired;
  else if ([...name].length > 40) errors.name = s.nameTooLong;
  const urlError = checkLinkUrl(v.url);
  if (urlError) errors.url = urlError;
  const sortRaw = v.sort_order.trim();
  if (sortRaw && !/^\d{1,4}$/.test(sortRaw)) errors.sort_order = s.sortInvalid;
  if (Object.keys(errors).length || !level) return { ok: false, errors };
  return { ok: true, value: { level, name, url: v.url.trim(), sortOrder: sortRaw ? Number(sortRaw) : 0 } };
}
