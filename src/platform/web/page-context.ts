// Pure: what the layout needs to know about the request being answered.
import type { SiteConfig } from '../../config.ts';

export interface PageContext {
  site: SiteConfig;
  /** Signed-in staff member, if any. */
  staff: { displayName: string; username: string } | null;
  /** Signed-in resident or enterprise (issue 21), if any. */
  resident?: { displayName: string } | null;
  csrfToken: string;
  elder: boolean;
  /** Path of the current request (for return links and the current section). */
  path: string;
}
