// The scope matrix, proved for EVERY registered staff route and staff API route (read from the
// router: a route added later and missing from the table below fails the test by name). Each route
// is called signed out, by a user of each role of county A (磁县 130427) and of county B (海珠区
// 440105), with the path parameters filled by a row of the caller's own county and by a row of the
// other county. Expected: signed out → 401 (or the sign-in page); a foreign row → 403 or 404;
// an own row → allowed for the roles the table names and 403 for every other role; and no response
// to a county's user ever holds the other county's distinguishing strings (names, codes,
// references, 索引号, titles).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { identityService } from '../../src/modules/identity/index.ts';
import type { Role } from '../../src/modules/identity/identity.ts';
import { importFile, startDraft } from '../../src/modules/catalogs/catalog.service.ts';
import { addRule } from '../../src/modules/interaction/settings.service.ts';
import type { Db } from '../../src/schema.ts';
import * as participation from '../../src/modules/participation/participation.service.ts';
import { DEFAULT_SCHEME as DEFAULT_ASSESSMENT_SCHEME } from '../../src/modules/supervision/assessment.ts';
import { raiseProblem } from '../support/problems.ts';
import * as bulletins from '../../src/modules/supervision/bulletin.service.ts';
import { inTransaction } from '../../src/platform/db/db.ts';
import { appendTurns, createConversation } from '../../src/modules/assistant/conversations.repository.ts';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { issueCode, scanCode } from '../../src/modules/accounts/onecode.service.ts';
import { signInResident } from '../support/resident.ts';
import { createVenueToken } from '../../src/modules/queue/tokens.service.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');
const ROLES: Role[] = ['admin', 'supervisor', 'editor', 'reviewer', 'case_handler'];
const ALL = ROLES;
/** Data every county shares: only the platform administrator may change it (no county role). */
const PLATFORM = 'platform' as const;
type Allowed = readonly Role[] | typeof PLATFORM;

// ---- the matrix: route → roles that may use it on a row of their own county ----------------
const APP_READ: Role[] = ['admin', 'case_handler', 'supervisor', 'reviewer'];
const APP_HANDLE: Role[] = ['case_handler', 'supervisor'];
const APP_REVIEW: Role[] = ['case_handler', 'supervisor', 'reviewer'];
const CAT_READ: Role[] = ['admin', 'supervisor', 'editor', 'reviewer'];
const CAT_EDIT: Role[] = ['admin', 'supervisor', 'editor'];
const CAT_PUBLISH: Role[] = ['admin', 'supervisor'];
const MSG: Role[] = ['supervisor', 'case_handler'];
const DIS_READ: Role[] = ['editor', 'supervisor', 'reviewer'];
const DIS_EDIT: Role[] = ['editor', 'supervisor'];
const DIS_REVIEW: Role[] = ['reviewer', 'supervisor'];
const SUPERVISION: Role[] = ['supervisor', 'admin'];
const REP_VIEW: Role[] = ['admin', 'supervisor', 'editor'];
const REP_PUBLISH: Role[] = ['admin', 'supervisor'];
const SEARCH: Role[] = ['admin', 'supervisor'];
const BOARD: Role[] = ['admin', 'supervisor', 'editor'];
const PART: Role[] = ['editor', 'supervisor'];
/** 问题清单: the responsible organisation's editors, admins and supervisors (the office verifies; its own rows are refused by the workflow, 409). */
const PROBLEMS: Role[] = ['admin', 'supervisor', 'editor'];
const RATE_READ: Role[] = ['admin', 'supervisor', 'case_handler'];
const RATE_HANDLE: Role[] = ['supervisor', 'case_handler'];
const RATE_WIN: Role[] = ['admin', 'supervisor'];
const RATE_LINK: Role[] = ['admin', 'supervisor', 'case_handler'];
const ENQ: Role[] = ['admin', 'supervisor', 'editor', 'case_handler'];
const ENQ_CONVERT: Role[] = ['supervisor', 'case_handler'];
const CHANNEL_SET: Role[] = ['admin', 'supervisor', 'editor'];
/** A venue's appointment slots (issue 22): set by its admins, supervisors and editors, read by its case handlers too. */
const SLOT_SET: Role[] = ['admin', 'supervisor', 'editor'];
const SLOT_READ: Role[] = ['admin', 'supervisor', 'editor', 'case_handler'];
const FAQ: Role[] = ['admin', 'supervisor', 'editor'];
/** 转人工 (issue 20): the queue and answer window; the settings per organisation. */
const HANDOFF: Role[] = ['admin', 'supervisor', 'editor', 'case_handler'];
const HANDOFF_SET: Role[] = ['admin', 'supervisor'];
const LIFE: Role[] = ['admin', 'supervisor', 'editor'];
/** 数据开放 download statistics (issue 23): the governments' admins, supervisors and editors. */
const OPEN_DATA: Role[] = ['admin', 'supervisor', 'editor'];

const MATRIX: Record<string, Allowed> = {
  // identity
  'GET /staff': ALL,
  'GET /staff/organisations': ['admin'], 'POST /staff/organisations': ['admin'],
  'GET /staff/users': ['admin'], 'GET /staff/users/new': ['admin'], 'POST /staff/users': ['admin'],
  'GET /staff/users/:id': ['admin'], 'POST /staff/users/:id/disable': ['admin'], 'POST /staff/users/:id/enable': ['admin'],
  'POST /staff/users/:id/reset-password': ['admin'], 'POST /staff/users/:id/roles': ['admin'], 'POST /staff/users/:id/roles/:grantId/revoke': ['admin'],
  'GET /staff/account/password': ALL, 'POST /staff/account/password': ALL,
  'GET /staff/audit': ['admin'],
  // calendar: one working-day calendar for every county
  'GET /staff/calendar': PLATFORM,
  'POST /staff/calendar/days': PLATFORM, 'POST /staff/calendar/days/:date/delete': PLATFORM, 'POST /staff/calendar/years': PLATFORM,
  'PUT /api/v1/calendar/years/:year': PLATFORM, 'PUT /api/v1/calendar/days/:date': PLATFORM, 'DELETE /api/v1/calendar/days/:date': PLATFORM,
  // applications
  'POST /api/v1/staff/applications': APP_HANDLE, 'POST /api/v1/staff/applications/:reference/actions': APP_REVIEW,
  'GET /api/v1/staff/applications': APP_READ, 'GET /api/v1/staff/applications/statistics': APP_READ, 'GET /api/v1/staff/applications/:reference': APP_READ,
  'GET /staff/applications': APP_READ, 'GET /staff/applications/new': APP_HANDLE, 'POST /staff/applications': APP_HANDLE,
  'GET /staff/applications/statistics': APP_READ, 'GET /staff/applications/statistics.csv': APP_READ,
  'GET /staff/applications/targets': ['supervisor'], 'POST /staff/applications/targets': ['supervisor'],
  'GET /staff/applications/letter-prefix': ['supervisor'], 'POST /staff/applications/letter-prefix': ['supervisor'],
  'GET /api/v1/staff/applications/:reference/letters/:kind': APP_READ,
  'GET /api/v1/staff/applications/letter-prefixes/:org': ['supervisor'], 'PUT /api/v1/staff/applications/letter-prefixes/:org': ['supervisor'],
  // the statutory clock rules are one set for every county
  'GET /staff/applications/rules': PLATFORM, 'POST /staff/applications/rules': PLATFORM,
  'GET /staff/applications/:reference': APP_READ, 'POST /staff/applications/:reference/actions': APP_REVIEW,
  'POST /staff/applications/:reference/attachments': APP_HANDLE, 'GET /staff/applications/:reference/attachments/:id': APP_READ,
  'GET /staff/applications/:reference/letters/:kind': APP_READ, 'POST /staff/applications/:reference/receipt': APP_HANDLE,
  // catalogues (a county adds a local domain; renaming one, shared by every county, is the platform's)
  'GET /staff/catalogs': CAT_READ, 'GET /staff/catalogs/new': CAT_EDIT, 'POST /staff/catalogs': CAT_EDIT, 'POST /staff/catalogs/derive': CAT_EDIT,
  'GET /staff/catalogs/:id': CAT_READ, 'POST /staff/catalogs/:id/draft': CAT_EDIT,
  'POST /staff/catalogs/versions/:vid/publish': CAT_PUBLISH, 'POST /staff/catalogs/versions/:vid/discard': CAT_EDIT, 'POST /staff/catalogs/versions/:vid/link-body': CAT_EDIT,
  'POST /staff/catalogs/versions/:vid/items/:itemId/move': CAT_EDIT, 'POST /staff/catalogs/versions/:vid/items/:itemId/delete': CAT_EDIT,
  'GET /staff/catalogs/versions/:vid/items/new': CAT_EDIT, 'GET /staff/catalogs/versions/:vid/items/:itemId/edit': CAT_EDIT,
  'POST /staff/catalogs/versions/:vid/items': CAT_EDIT, 'POST /staff/catalogs/versions/:vid/items/:itemId': CAT_EDIT,
  'GET /staff/catalogs/versions/:vid/compare': CAT_READ, 'GET /staff/catalogs/export': CAT_READ,
  'GET /staff/catalogs/import': CAT_EDIT, 'POST /staff/catalogs/import': CAT_EDIT,
  'GET /staff/catalogs/domains': CAT_READ, 'POST /staff/catalogs/domains': CAT_PUBLISH, 'POST /staff/catalogs/domains/:id': PLATFORM,
  // service map
  'PUT /api/v1/staff/venues/:id/queue': ['admin', 'supervisor', 'editor', 'case_handler'],
  // issue 22 §2: the queue's groups and calling-system tokens of a venue in the caller's subtree; the events API takes only the venue's own token (a staff token: 403)
  'GET /staff/venues/:venue/queue': ['admin', 'supervisor', 'editor', 'case_handler'], 'POST /staff/venues/:venue/queue/groups': ['admin', 'supervisor', 'editor', 'case_handler'],
  'POST /staff/venues/:venue/queue/tokens': ['admin', 'supervisor', 'editor', 'case_handler'], 'POST /staff/venues/:venue/queue/revoke': ['admin', 'supervisor', 'editor', 'case_handler'],
  'POST /api/v1/staff/venues/:id/queue/events': [],
  // life events per government (issue 22 §5): the county's editors, supervisors and admins
  'GET /staff/life-events': LIFE, 'GET /staff/life-events/:gov': LIFE, 'GET /staff/life-events/:gov/export.xlsx': LIFE,
  'POST /staff/life-events/:gov/start': LIFE, 'POST /staff/life-events/:gov/publish': LIFE, 'POST /staff/life-events/:gov/discard': LIFE,
  'POST /staff/life-events/:gov/stages': LIFE, 'POST /staff/life-events/:gov/stages/:audience/:slug': LIFE,
  'POST /staff/life-events/:gov/items': LIFE, 'POST /staff/life-events/:gov/stages/:audience/:slug/items': LIFE, 'POST /staff/life-events/:gov/import': LIFE,
  // interaction (categories and deadline classes are shared; routing rules belong to a county)
  'POST /api/v1/staff/messages/:reference/actions': MSG, 'POST /api/v1/staff/hotline/work-orders': MSG,
  'GET /staff/messages': MSG, 'GET /staff/messages/:reference': MSG,
  'GET /staff/messages/hotline': MSG, 'GET /staff/messages/hotline.csv': MSG, 'GET /staff/messages/statistics': MSG, 'GET /staff/messages/statistics.csv': MSG,
  'GET /staff/messages/hotline/import': MSG, 'POST /staff/messages/hotline/import': MSG, 'GET /staff/messages/:reference/photos/:id': MSG, 'POST /staff/messages/:reference/actions': MSG,
  'GET /staff/interaction/settings': ['admin'],
  'POST /staff/interaction/settings/classes': PLATFORM, 'POST /staff/interaction/settings/categories': PLATFORM,
  'GET /staff/interaction/settings/categories/:code': PLATFORM, 'POST /staff/interaction/settings/categories/:code': PLATFORM,
  'POST /staff/interaction/settings/rules': ['admin'], 'POST /staff/interaction/settings/rules/:id/delete': ['admin'],
  // disclosures
  'GET /staff/disclosures': DIS_READ, 'GET /staff/disclosures/new': DIS_EDIT, 'POST /staff/disclosures': DIS_EDIT,
  'GET /staff/disclosures/:id': DIS_READ, 'GET /staff/disclosures/:id/edit': DIS_EDIT, 'POST /staff/disclosures/:id': DIS_EDIT,
  'GET /staff/disclosures/:id/revise': DIS_EDIT, 'POST /staff/disclosures/:id/revise': DIS_EDIT,
  'GET /staff/disclosures/:id/review': DIS_REVIEW, 'POST /staff/disclosures/:id/review': DIS_REVIEW,
  'POST /staff/disclosures/:id/actions/:type': DIS_EDIT, 'POST /staff/disclosures/:id/attachments/:aid/delete': DIS_EDIT, 'POST /staff/disclosures/:id/attachments': DIS_EDIT,
  'GET /api/v1/staff/disclosures/:id': DIS_READ, 'POST /api/v1/staff/disclosures': DIS_EDIT, 'POST /api/v1/staff/disclosures/:id/actions': DIS_REVIEW, // sent as approve
  'GET /staff/disclosures/timeliness': SUPERVISION, 'GET /staff/disclosures/timeliness/:file': SUPERVISION,
  'GET /staff/disclosure-guides/:code': SUPERVISION, 'POST /staff/disclosure-guides/:code': SUPERVISION,
  // annual reports
  'GET /staff/reports/annual': REP_VIEW, 'GET /staff/reports/annual/open': REP_VIEW,
  'GET /staff/reports/annual/:org/:year': REP_VIEW, 'POST /staff/reports/annual/:org/:year': REP_VIEW,
  'POST /staff/reports/annual/:org/:year/publish': REP_PUBLISH, 'GET /staff/reports/annual/:org/:year/report.docx': REP_VIEW,
  'POST /staff/reports/annual/:org/:year/figures': REP_VIEW, 'GET /staff/reports/annual/import': REP_PUBLISH, 'POST /staff/reports/annual/import': REP_PUBLISH,
  // search (the synonym dictionary and the zero-result list are shared)
  'GET /staff/search': SEARCH, 'POST /staff/search/synonyms': PLATFORM, 'POST /staff/search/synonyms/:id/delete': PLATFORM, 'POST /staff/search/zero/ignore': PLATFORM,
  // community and village boards (a 村（居）委会's posts; the county's editors, supervisors and admins)
  'GET /staff/boards': BOARD, 'GET /staff/boards/new': BOARD, 'POST /staff/boards': BOARD,
  'GET /staff/boards/settings': BOARD, 'POST /staff/boards/settings': BOARD,
  'GET /staff/boards/:id': BOARD, 'GET /staff/boards/:id/edit': BOARD, 'POST /staff/boards/:id': BOARD, 'POST /staff/boards/:id/table': BOARD,
  'POST /staff/boards/:id/publish': BOARD, 'POST /staff/boards/:id/withdraw': BOARD,
  'GET /api/v1/staff/boards/posts/:id': BOARD, 'POST /api/v1/staff/boards/posts': BOARD, 'PUT /api/v1/staff/boards/posts/:id': BOARD, 'POST /api/v1/staff/boards/posts/:id/publish': BOARD,
  // participation (意见征集): a body's publishers, in their organisation's subtree
  'GET /staff/participation': PART, 'GET /staff/participation/new': PART, 'POST /staff/participation': PART, 'GET /staff/participation/:id': PART,
  'POST /staff/participation/:id/comments/:commentId/moderate': PART, 'POST /staff/participation/:id/comments/:commentId/adoption': PART, 'POST /staff/participation/:id/feedback': PART,
  'POST /staff/participation/:id/attachment': PART,
  // ratings (好差评): read and enter in the subtree; the unit's handlers act on a 差评; each county's
  // admins set its time limits; the 差评 reasons serve every county
  'GET /staff/ratings': RATE_READ, 'GET /staff/ratings/new': RATE_READ, 'POST /staff/ratings': RATE_READ, 'GET /staff/ratings/:id': RATE_READ,
  'POST /staff/ratings/:id/actions': RATE_HANDLE, 'GET /staff/ratings/settings': ['admin'], 'POST /staff/ratings/settings/:county': ['admin'],
  'GET /staff/ratings/reasons': PLATFORM, 'POST /staff/ratings/reasons': PLATFORM,
  'POST /api/v1/staff/ratings': RATE_READ, 'GET /api/v1/staff/ratings': RATE_READ, 'GET /api/v1/staff/ratings/:id': RATE_READ, 'POST /api/v1/staff/ratings/:id/actions': RATE_HANDLE,
  // 好差评 channels: a venue's windows and QR codes (its administrators and supervisors); rating links of a 办件
  'GET /staff/ratings/venues': RATE_WIN, 'GET /staff/ratings/venues/:id/windows': RATE_WIN, 'POST /staff/ratings/venues/:id/windows': RATE_WIN,
  'POST /staff/ratings/venues/:id/windows/disable': RATE_WIN, 'GET /staff/ratings/venues/:id/qr': RATE_WIN,
  'GET /staff/ratings/links/new': RATE_LINK, 'POST /staff/ratings/links': RATE_LINK, 'POST /api/v1/staff/ratings/links': RATE_LINK,
  // channels: a venue's hall display and kiosk settings (its organisation's administrators, supervisors and editors)
  'GET /staff/channels': CHANNEL_SET, 'GET /staff/channels/venues/:id': CHANNEL_SET, 'POST /staff/channels/venues/:id': CHANNEL_SET,
  'GET /api/v1/staff/venues/:id/channel-settings': CHANNEL_SET, 'PUT /api/v1/staff/venues/:id/channel-settings': CHANNEL_SET,
  // appointments: a venue's slot rules and exceptions (its organisation's admins, supervisors and editors set them; its case handlers read them)
  'GET /staff/venues': SLOT_READ, 'GET /staff/venues/:id/slots': SLOT_READ, 'GET /staff/venues/:id/slots.csv': SLOT_READ,
  'POST /staff/venues/:id/slots': SLOT_SET, 'POST /staff/venues/:id/slots/exceptions': SLOT_SET, 'POST /staff/venues/:id/slots/exceptions/delete': SLOT_SET,
  'GET /api/v1/staff/venues/:id/slots': SLOT_READ, 'PUT /api/v1/staff/venues/:id/slots': SLOT_SET,
  'GET /api/v1/staff/venues/:id/slot-exceptions': SLOT_READ, 'PUT /api/v1/staff/venues/:id/slot-exceptions': SLOT_SET,
  // portal: the entrances to other government portals on the home page serve every county
  // supervision: 问题清单 and 整改台账 (a problem of the county government; rectified by its staff)
  'GET /staff/supervision/problems': PROBLEMS, 'GET /staff/supervision/problems/:id': PROBLEMS, 'POST /staff/supervision/problems/:id/actions': PROBLEMS,
  'GET /staff/supervision/problems/:id/files/:fileId': PROBLEMS, 'GET /staff/supervision/ledger.xlsx': PROBLEMS,
  'GET /api/v1/staff/supervision/problems': PROBLEMS, 'GET /api/v1/staff/supervision/problems/:id': PROBLEMS,
  'POST /api/v1/staff/supervision/problems/:id/actions': PROBLEMS, 'GET /api/v1/staff/supervision/ledger.xlsx': PROBLEMS,
  // supervision 季度通报: the 政务公开办's supervisors and the administrators over it
  'GET /staff/supervision/bulletins': SUPERVISION, 'POST /staff/supervision/bulletins': SUPERVISION, 'GET /staff/supervision/bulletins/:publicId': SUPERVISION,
  'POST /staff/supervision/bulletins/:publicId': SUPERVISION, 'POST /staff/supervision/bulletins/:publicId/regenerate': SUPERVISION,
  'POST /staff/supervision/bulletins/:publicId/publish': SUPERVISION, 'GET /staff/supervision/bulletins/:publicId/docx': SUPERVISION,
  'GET /api/v1/staff/supervision/bulletins/:publicId.docx': SUPERVISION, 'GET /api/v1/staff/supervision/bulletins': SUPERVISION, 'POST /api/v1/staff/supervision/bulletins': SUPERVISION,
  'GET /staff/portal/links': PLATFORM, 'POST /staff/portal/links': PLATFORM, 'GET /staff/portal/links/:id': PLATFORM, 'POST /staff/portal/links/:id': PLATFORM, 'POST /staff/portal/links/:id/delete': PLATFORM,
  // supervision 年考评: the 政务公开办 over its government's departments and townships (:orgCode a department)
  'GET /staff/supervision/assessment': SUPERVISION, 'POST /staff/supervision/assessment/:year/scheme': SUPERVISION, 'POST /staff/supervision/assessment/:year/lock': SUPERVISION,
  'GET /staff/supervision/assessment/:year/scores.xlsx': SUPERVISION, 'GET /staff/supervision/assessment/:year/:orgCode': SUPERVISION, 'POST /staff/supervision/assessment/:year/:orgCode/scores': SUPERVISION,
  'GET /api/v1/staff/supervision/assessment/:year': SUPERVISION, 'PUT /api/v1/staff/supervision/assessment/:year/scheme': SUPERVISION,
  'POST /api/v1/staff/supervision/assessment/:year/scores': SUPERVISION, 'POST /api/v1/staff/supervision/assessment/:year/lock': SUPERVISION,
  // supervision 月检查: the 政务公开办's administrators and supervisors (or a government's above it)
  'GET /staff/supervision/rules': SUPERVISION, 'POST /staff/supervision/rules/:rule/switch': SUPERVISION,
  'POST /staff/supervision/check-items': SUPERVISION, 'POST /staff/supervision/check-items/:id': SUPERVISION,
  'GET /staff/supervision/findings/new': SUPERVISION, 'POST /staff/supervision/findings': SUPERVISION,
  'GET /staff/supervision/inspections': SUPERVISION, 'POST /staff/supervision/inspections': SUPERVISION,
  // supervision figures: the office dashboard and its CSV tables (the office's subtree; ?org= names the county)
  'GET /staff/supervision/dashboard': SUPERVISION, 'GET /staff/supervision/dashboard.csv': SUPERVISION,
  // 好差评 results: the statistics of the caller's subtree (政务公开办: its government's), down to windows and 工号
  'GET /staff/ratings/statistics': ['admin', 'supervisor', 'case_handler'], 'GET /staff/ratings/statistics.csv': ['admin', 'supervisor', 'case_handler'],
  // the window desk (channels): any role at a venue of its subtree; the rating QR as rating links, the walk-in application as registration
  // appointments at the venue (issue 22): the day's list, CSV and 到场/爽约/撤销 — any role of the venue's subtree
  'GET /staff/appointments': ALL, 'GET /staff/appointments.csv': ALL, 'POST /staff/appointments/:reference/attendance': ALL,
  'GET /api/v1/staff/appointments': ALL, 'POST /api/v1/staff/appointments/:reference/attendance': ALL,
  'GET /staff/desk': ALL, 'GET /staff/desk/help': ALL, 'GET /staff/desk/place': ALL, 'POST /staff/desk/place': ALL, 'POST /staff/desk/rating': RATE_LINK,
  'GET /staff/desk/apply': APP_HANDLE, 'POST /staff/desk/apply': APP_HANDLE,
  // 一码办 (accounts): any desk role scans; a read is only its own scanner's (the county's admin here), anyone else's is 404
  'POST /staff/desk/code': ALL, 'GET /staff/desk/code/:read': ALL,
  // 咨询登记: recorded and read in the subtree (政务公开办: its government's); converted by the unit's handlers and supervisors
  'GET /staff/enquiries': ENQ, 'GET /staff/enquiries.csv': ENQ, 'GET /staff/enquiries/new': ENQ, 'POST /staff/enquiries': ENQ,
  'GET /staff/enquiries/statistics': ENQ, 'GET /staff/enquiries/statistics.csv': ENQ, 'GET /staff/enquiries/:id': ENQ, 'POST /staff/enquiries/:id': ENQ,
  'POST /staff/enquiries/:id/convert': ENQ_CONVERT,
  'POST /api/v1/staff/enquiries': ENQ, 'GET /api/v1/staff/enquiries': ENQ, 'GET /api/v1/staff/enquiries/statistics': ENQ,
  'GET /api/v1/staff/enquiries/:id': ENQ, 'PATCH /api/v1/staff/enquiries/:id': ENQ, 'POST /api/v1/staff/enquiries/:id/convert': ENQ_CONVERT,
  // 政务公开专区 figures: the zones in the caller's subtree (政务公开办: its government's); :venue a zone
  'GET /staff/zones': ['admin', 'supervisor', 'editor', 'case_handler'], 'GET /staff/zones/:venue': ['admin', 'supervisor', 'editor', 'case_handler'],
  // 智能客服 FAQ and 答得不好的问题: kept in the subtree (政务公开办: its government's) by its admins, supervisors and editors
  'GET /staff/assistant/faq': FAQ, 'GET /staff/assistant/faq/new': FAQ, 'POST /staff/assistant/faq': FAQ, 'GET /staff/assistant/faq/:id': FAQ, 'POST /staff/assistant/faq/:id': FAQ,
  'POST /staff/assistant/faq/:id/archive': FAQ, 'POST /staff/assistant/faq/:id/restore': FAQ, 'GET /staff/assistant/questions': FAQ, 'GET /staff/assistant/questions.csv': FAQ,
  'GET /api/v1/staff/assistant/faq': FAQ, 'POST /api/v1/staff/assistant/faq': FAQ, 'GET /api/v1/staff/assistant/faq/:id': FAQ, 'PATCH /api/v1/staff/assistant/faq/:id': FAQ,
  'POST /api/v1/staff/assistant/faq/:id/archive': FAQ, 'GET /api/v1/staff/assistant/questions': FAQ,
  // 转人工: :handoff a waiting conversation of the county (one for the pages, one for the API: take, reply, close, convert each once)
  'GET /staff/assistant/queue': HANDOFF, 'GET /staff/assistant/conversations/:handoff': HANDOFF,
  'POST /staff/assistant/conversations/:handoff/take': HANDOFF, 'POST /staff/assistant/conversations/:handoff/reply': HANDOFF,
  'POST /staff/assistant/conversations/:handoff/close': HANDOFF, 'POST /staff/assistant/conversations/:handoff/convert': HANDOFF,
  'GET /staff/assistant/settings': HANDOFF_SET, 'POST /staff/assistant/settings': HANDOFF_SET,
  'GET /api/v1/staff/assistant/handoffs': HANDOFF, 'GET /api/v1/staff/assistant/handoffs/:handoff': HANDOFF,
  'POST /api/v1/staff/assistant/handoffs/:handoff/take': HANDOFF, 'POST /api/v1/staff/assistant/handoffs/:handoff/reply': HANDOFF,
  'POST /api/v1/staff/assistant/handoffs/:handoff/close': HANDOFF, 'POST /api/v1/staff/assistant/handoffs/:handoff/convert': HANDOFF,
  'PUT /api/v1/staff/assistant/settings/:org': HANDOFF_SET,
  // 数据开放 (issue 23): download statistics of the caller's governments (政务公开办: its government's); ?org= names one
  'GET /staff/open-data': OPEN_DATA, 'GET /staff/open-data.csv': OPEN_DATA, 'GET /api/v1/staff/open-data/downloads': OPEN_DATA,
};

/** Staff-only routes outside /staff and /api/v1/staff: the calendar's write API. */
const isStaffRoute = (method: string, url: string) =>
  url.startsWith('/staff') || url.startsWith('/api/v1/staff') || (url.startsWith('/api/v1/calendar') && method !== 'GET');

/** Writes that remove or finish their row: a later permitted call may find it gone (404/409). */
const FINISHING = /\/(delete|discard|publish|revoke|receipt|withdraw)$/;

// ---- the two counties and their rows ---------------------------------------------------------
type County = 'A' | 'B';
const OTHER: Record<County, County> = { A: 'B', B: 'A' };
const CODE: Record<County, string> = { A: '130427', B: '440105' };
const TOWNSHIP: Record<string, string> = { 130427: '130427100', 440105: '440105001' }; // 磁州镇, 赤岗街道
const VILLAGE: Record<string, string> = { 130427: '130427100205', 440105: '440105001101' }; // 纪庄村, 下渡社区 (boards)
const DEPARTMENT: Record<string, string> = { 130427: '130427-mzj', 440105: '440105-lsz' }; // 年考评's assessed organisations
const BOARD_ROWS = [{ date: '2026-01-05', item: '矩阵测试支出', expense: '10', handler: '矩阵' }];
const EXTRA: Record<County, [string, Role, string][]> = {
  A: [['mx.a.office', 'supervisor', '130427-gkb'], ['mx.a.township', 'case_handler', '130427100']],
  B: [['mx.b.office', 'supervisor', '440105-gkb'], ['mx.b.township', 'case_handler', '440105001']],
};

interface Rows {
  /** An appointment (issue 22) of the county's first venue, today, booked: marked once by the first permitted caller. */
  apptRef: string;
  code: string; victimId: number; grantId: number; appRef: string; appAttachmentId: number; catalogId: number; versionId: number; itemId: number;
  venueId: string; messageRef: string; photoId: number; ruleId: number; disclosureId: number; disclosureAttachmentId: number;
  /** Board drafts: one for the page routes, one for the API routes (each is published once). */
  boardPostId: number; boardApiPostId: number;
  consultationId: number; commentId: number;
  /** A supervision problem of the county government (public id) and its evidence file. */
  problemId: string; problemFileId: string;
  /** A manual check item of the county's 政务公开办 (supervision). */
  checkItemId: string;
  bulletinId: string;
  /** A rating (好差评) of the county's government. */
  ratingId: string;
  /** An enquiry (咨询登记) of the county's first venue, with a contact (so it can be converted once). */
  enquiryId: string;
  /** The county's 政务公开专区 (a venue of type openness_area). */
  zoneId: string;
  /** A FAQ pair (智能客服) of the county's government. */
  faqId: string;
  /** Two waiting hand-offs (转人工) of the county: one for the pages, one for the API. */
  handoffRef: string; handoffApiRef: string;
  /** A 一码办 read scanned by the county's admin (the first permitted caller of its row). */
  codeRead: string;
  /** Strings that identify this county's rows; none may reach the other county's users. */
  markers: string[];
}
interface Shared { categoryCode: string; synonymId: number; domainId: number; portalLinkId: number }

/**
 * The URL of `route` with each parameter filled from `rows` (county-specific) or `shared`; a second
 * row parameter (a grant of the user, an attachment, photo or item of the first) from `child`.
 */
function fill(url: string, rows: Rows, shared: Shared, child: Rows = rows): { url: string; scoped: boolean; nested: boolean } {
  let scoped = false;
  let nested = false;
  const own = (v: string | number) => { scoped = true; return String(v); };
  const sub = (v: string | number) => { nested = true; return own(v); };
  const out = url.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    switch (name) {
      case 'grantId': return sub(child.grantId);
      case 'reference': return own(url.includes('/appointments') ? rows.apptRef : url.includes('/applications') ? rows.appRef : rows.messageRef);
      case 'kind': return 'application_form';
      case 'date': return '2026-12-31';
      case 'year': return url.includes('/calendar') ? '2027' : '2026';
      case 'vid': return own(rows.versionId);
      case 'itemId': return sub(child.itemId);
      case 'aid': return sub(child.disclosureAttachmentId);
      case 'commentId': return sub(child.commentId);
      case 'fileId': return sub(child.problemFileId);
      case 'publicId': return own(rows.bulletinId);
      case 'type': return 'submit';
      case 'rule': return 'disclosure_late';
      case 'org': return own(rows.code);
      case 'orgCode': return own(DEPARTMENT[rows.code]!);
      case 'county': return own(rows.code);
      case 'gov': return own(rows.code);
      case 'audience': return 'enterprise';
      case 'slug': return 'start';
      case 'venue': return own(rows.zoneId);
      case 'read': return own(rows.codeRead);
      case 'handoff': return own(url.startsWith('/api/') ? rows.handoffApiRef : rows.handoffRef);
      case 'file': return 'overdue.csv';
      case 'code': return url.includes('/categories') ? shared.categoryCode : own(rows.code);
      case 'id':
        if (url.includes('/enquiries/')) return own(rows.enquiryId);
        if (url.includes('/assistant/faq/')) return own(rows.faqId);
        if (url.includes('/supervision/problems/')) return own(rows.problemId);
        if (url.startsWith('/staff/users')) return own(rows.victimId);
        if (url.includes('/applications/')) return sub(child.appAttachmentId);
        if (url.includes('/catalogs/domains')) return String(shared.domainId);
        if (url.includes('/catalogs/')) return own(rows.catalogId);
        if (url.includes('/venues/')) return own(rows.venueId);
        if (url.includes('/photos/')) return sub(child.photoId);
        if (url.includes('/rules/')) return own(rows.ruleId);
        if (url.includes('/synonyms/')) return String(shared.synonymId);
        if (url.includes('/portal/links/')) return String(shared.portalLinkId);
        if (url.includes('/disclosures/')) return own(rows.disclosureId);
        if (url.startsWith('/api/v1/staff/boards/')) return own(rows.boardApiPostId);
        if (url.startsWith('/staff/boards/')) return own(rows.boardPostId);
        if (url.includes('/participation/')) return own(rows.consultationId);
        if (url.includes('/check-items/')) return own(rows.checkItemId);
        if (url.includes('/ratings/')) return own(rows.ratingId);
        throw new Error(`no sample for :id in ${url}`);
      default: throw new Error(`no sample for :${name} in ${url}`);
    }
  });
  return { url: out, scoped, nested };
}

/** Numbers the names and numbers each call makes up (usernames, work orders), so none repeats. */
let serial = 0;
const APPLICANT = { type: 'natural_person', name: '测试申请人', id_number: '11010519491231002X', phone: '13800001111' };
/** JSON bodies for the API writes (their schema is checked before the role; the org is the row). */
function apiBody(key: string, rows: Rows): { body: Record<string, unknown>; scoped: boolean } {
  switch (key) {
    case 'POST /api/v1/staff/applications': return { scoped: true, body: { org: rows.code, channel: 'in_person', received_on: '2026-03-02', applicant: APPLICANT, description: '矩阵测试申请。', delivery: 'pickup' } };
    case 'POST /api/v1/staff/applications/:reference/actions': return { scoped: false, body: { type: 'confidentiality_review', on: '2026-03-02' } };
    case 'POST /api/v1/staff/messages/:reference/actions': return { scoped: false, body: { type: 'accept', on: '2026-03-02' } };
    case 'POST /api/v1/staff/hotline/work-orders': return { scoped: true, body: { org: rows.code, work_order_no: `MX-${rows.code}-${++serial}`, title: '矩阵测试工单', content: '内容', called_at: '2026-03-02 09:00', order_type: '咨询', status: '处理中' } };
    case 'PUT /api/v1/staff/applications/letter-prefixes/:org': return { scoped: false, body: { prefix: '矩阵依公' } };
    case 'PUT /api/v1/staff/venues/:id/queue': return { scoped: false, body: { waiting: 3, wait_minutes: 10 } };
    case 'POST /api/v1/staff/venues/:id/queue/events': return { scoped: false, body: { kind: 'issued', number: 'M001', group: 'A' } };
    case 'POST /api/v1/staff/disclosures': return { scoped: true, body: { org: rows.code, title: '矩阵测试信息', body: '正文', genre: 'notice', category: 'zhzw', formed_on: '2026-03-01' } };
    case 'POST /api/v1/staff/disclosures/:id/actions': return { scoped: false, body: { type: 'approve', conclusion: '矩阵测试' } };
    case 'PUT /api/v1/calendar/years/:year': return { scoped: false, body: { source: '矩阵测试', days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] } };
    case 'PUT /api/v1/calendar/days/:date': return { scoped: false, body: { kind: 'holiday', name: '矩阵测试' } };
    case 'POST /api/v1/staff/boards/posts': return { scoped: true, body: { org: VILLAGE[rows.code], column: '财务收支', title: '矩阵测试公开', period: '2026-01', rows: BOARD_ROWS } };
    case 'POST /api/v1/staff/supervision/bulletins': return { scoped: true, body: { office: `${rows.code}-gkb`, year: 2026, quarter: 1 } };
    case 'POST /api/v1/staff/ratings': return { scoped: true, body: { org: rows.code, subject: 'hotline', case_ref: `MX${++serial}`, channel: 'hotline_callback', level: '5', rated_on: '2026-03-02' } };
    case 'POST /api/v1/staff/ratings/:id/actions': return { scoped: false, body: { action: 'close', on: '2026-03-02' } };
    case 'PUT /api/v1/staff/boards/posts/:id': return { scoped: false, body: { title: '矩阵测试公开', period: '2026-01', rows: BOARD_ROWS } };
    case 'PUT /api/v1/staff/supervision/assessment/:year/scheme': return { scoped: false, body: DEFAULT_ASSESSMENT_SCHEME as unknown as Record<string, unknown> };
    case 'POST /api/v1/staff/supervision/assessment/:year/scores': return { scoped: true, body: { org: DEPARTMENT[rows.code], indicator: 'A2', points: 5, note: '矩阵测试' } };
    case 'POST /api/v1/staff/supervision/problems/:id/actions': return { scoped: false, body: { action: 'rectify', on: '2026-03-02', measures: '矩阵测试整改' } };
    case 'PUT /api/v1/staff/venues/:id/slots': return { scoped: false, body: [{ weekdays: [1], start: '09:00', end: '09:30', capacity: 2 }] as unknown as Record<string, unknown> };
    case 'PUT /api/v1/staff/venues/:id/slot-exceptions': return { scoped: false, body: [] as unknown as Record<string, unknown> };
    case 'POST /api/v1/staff/appointments/:reference/attendance': return { scoped: false, body: { status: 'attended' } };
    case 'PUT /api/v1/staff/venues/:id/channel-settings': return { scoped: false, body: { sections: [{ section: 'disclosure', seconds: 20 }], kiosk_idle_seconds: 90 } };
    case 'POST /api/v1/staff/ratings/links': return { scoped: true, body: { org: rows.code, case_ref: `MX${++serial}`, subject: 'staff', staff_no: 'GH01', phone: '13800001111' } };
    case 'POST /api/v1/staff/enquiries': return { scoped: true, body: { channel: 'window', venue: rows.venueId, topic: '矩阵测试咨询' } };
    case 'POST /api/v1/staff/enquiries/:id/convert': return { scoped: false, body: { kind: 'message', category: 'other' } };
    case 'POST /api/v1/staff/assistant/faq': return { scoped: true, body: { org: rows.code, question: `矩阵测试问答${++serial}`, answer: '矩阵测试答案。' } };
    case 'POST /api/v1/staff/assistant/handoffs/:handoff/reply': return { scoped: false, body: { text: '矩阵测试回复' } };
    case 'PUT /api/v1/staff/assistant/settings/:org': return { scoped: false, body: { enabled: true, wait_minutes: 5, fallback: 'enquiry' } };
    default: return { scoped: false, body: {} };
  }
}

/** The text around the first `needle` in `body` (to say where a foreign string was found). */
function context(body: string, needle: string): string {
  const at = body.indexOf(needle);
  return at < 0 ? '' : body.slice(Math.max(0, at - 60), at + needle.length + 40).replace(/\s+/g, ' ');
}

/** Query strings that name the county (the org is then the row). */
const QUERY: Record<string, (r: Rows) => string> = {
  'GET /api/v1/staff/applications/statistics': (r) => `?org=${r.code}&from=2026-01-01&to=2026-03-02`,
  'GET /staff/catalogs/export': (r) => `?org=${r.code}&format=csv`,
  'GET /staff/applications/statistics': (r) => `?org=${r.code}&from=2026-01-01&to=2026-03-02`,
  'GET /staff/applications/statistics.csv': (r) => `?org=${r.code}&from=2026-01-01&to=2026-03-02`,
  'GET /staff/applications/targets': (r) => `?org=${r.code}`,
  'GET /staff/applications/letter-prefix': (r) => `?org=${r.code}`,
  'GET /staff/catalogs/:id': (r) => `?version=${r.versionId}`,
  'GET /staff/catalogs/versions/:vid/compare': () => '?against=previous',
  // the staff statistics narrowed to one government: the caller's own, or refused (403) for the other county's
  'GET /staff/messages/statistics': (r) => `?period=2026&org=${r.code}`,
  'GET /staff/messages/statistics.csv': (r) => `?period=2026&org=${r.code}`,
  'GET /staff/boards/new': (r) => `?org=${VILLAGE[r.code]}&column=finance`,
  'GET /staff/boards/settings': (r) => `?org=${VILLAGE[r.code]}`,
  'GET /staff/supervision/ledger.xlsx': (r) => `?org=${r.code}`,
  'GET /api/v1/staff/supervision/ledger.xlsx': (r) => `?org=${r.code}`,
  'GET /api/v1/staff/supervision/problems': (r) => `?org=${r.code}`,
  'GET /staff/supervision/rules': (r) => `?office=${r.code}-gkb`,
  'GET /staff/supervision/dashboard': (r) => `?period=2026&org=${r.code}`,
  'GET /staff/supervision/dashboard.csv': (r) => `?table=open&period=2026&org=${r.code}`,
  'GET /staff/ratings/statistics': (r) => `?org=${r.code}&from=2026-01-01&to=2026-03-02`,
  'GET /staff/ratings/statistics.csv': (r) => `?org=${r.code}&from=2026-01-01&to=2026-03-02&table=orgs`,
  'GET /staff/desk/place': (r) => `?venue=${r.venueId}`,
  'GET /staff/appointments': (r) => `?venue=${r.venueId}&day=2026-03-02`,
  'GET /staff/appointments.csv': (r) => `?venue=${r.venueId}&day=2026-03-02`,
  'GET /api/v1/staff/appointments': (r) => `?venue=${r.venueId}&day=2026-03-02`,
  'GET /staff/open-data': (r) => `?org=${r.code}`, 'GET /staff/open-data.csv': (r) => `?org=${r.code}`, 'GET /api/v1/staff/open-data/downloads': (r) => `?org=${r.code}`,
};
/** Forms for page writes whose empty form would not reach the row (all others send only the token). */
const FORM: Record<string, Record<string, string>> = {
  'POST /staff/venues/:venue/queue/groups': { code: 'M', name: '矩阵分组', remote: '1' }, 'POST /staff/venues/:venue/queue/tokens': { label: '矩阵令牌' },
  'POST /staff/appointments/:reference/attendance': { status: 'attended' },
  'POST /staff/channels/venues/:id': { show_disclosure: '1', order_disclosure: '1', seconds_disclosure: '20', idle: '90' },
  'POST /staff/applications/:reference/actions': { type: 'confidentiality_review', on: '2026-03-02' },
  'POST /staff/catalogs/versions/:vid/items/:itemId': { level1: '矩阵', content: '矩阵测试事项', mode_proactive: '1' },
  'POST /staff/supervision/assessment/:year/:orgCode/scores': { indicator: 'A2', points: '6', note: '矩阵测试' },
  'POST /staff/supervision/problems/:id/actions': { action: 'rectify', measures: '矩阵测试整改', rectify_on: '2026-03-02' },
  'POST /staff/supervision/check-items/:id': { title: '矩阵测试检查项', severity: 'general', deadline_class: 'limited' },
  'POST /staff/assistant/faq/:id': { question: '矩阵测试问答（改）', answer: '矩阵测试答案。' },
  'POST /staff/assistant/conversations/:handoff/reply': { text: '矩阵测试回复' },
};
/**
 * Page forms that name the county in a field: a complete form with the caller's own county (then
 * allowed) or the other county (then refused: 403/404, or 400 with the field's error — a form).
 */
/** The calling-system token of each county's zone (queue module), by county code. */
const QUEUE_TOKEN: Record<string, string> = {};
const SCOPED_FORM: Record<string, (r: Rows, sh: Shared) => Record<string, string>> = {
  'POST /staff/venues/:venue/queue/revoke': (r) => ({ token: QUEUE_TOKEN[r.code] ?? '' }),
  'POST /staff/interaction/settings/rules': (r) => ({ category_code: 'health', region: TOWNSHIP[r.code]!, org_code: r.code, class_code: 'normal' }),
  'POST /staff/users': (r) => ({ username: `mx.new${++serial}`, display_name: '矩阵新用户', role: 'editor', org: r.code }),
  'POST /staff/organisations': (r) => ({ code: `${r.code}-mx${++serial}`, name: `矩阵测试局${serial}`, kind: '部门' }),
  'POST /staff/applications/targets': (r) => ({ org: r.code, register_days: '1', assign_days: '2', draft_days: '10', reply_days: '15' }),
  'POST /staff/applications/letter-prefix': (r) => ({ org: r.code, prefix: '矩阵依公' }),
  'POST /staff/catalogs': (r, sh) => ({ org: TOWNSHIP[r.code]!, domain: String(sh.domainId), kind: 'local', title: `矩阵测试目录${++serial}` }),
  'POST /staff/catalogs/derive': (r) => ({ baseline: String(r.catalogId), derive_org: TOWNSHIP[r.code]! }),
  'POST /staff/reports/annual/import': (r) => ({ org: r.code, year: '2024' }),
  'POST /staff/boards': (r) => ({ org: VILLAGE[r.code]!, column: 'policy', title: '矩阵测试公开', body: '正文', intent: 'save' }),
  'POST /staff/boards/settings': (r) => ({ org: VILLAGE[r.code]!, phone: '0310-1234567' }),
  'POST /staff/participation': (r) => ({ org: r.code, title: `矩阵测试征集${++serial}`, draft: '草案', opens_on: '2026-03-02', closes_on: '2026-04-30' }),
  'POST /staff/supervision/rules/:rule/switch': (r) => ({ office: `${r.code}-gkb`, active: '1' }),
  'POST /staff/supervision/check-items': (r) => ({ office: `${r.code}-gkb`, title: `矩阵测试检查项${++serial}`, severity: 'general', deadline_class: 'limited' }),
  'POST /staff/supervision/inspections': (r) => ({ office: `${r.code}-gkb`, month: '2026-02' }),
  'POST /staff/supervision/bulletins': (r) => ({ office: `${r.code}-gkb`, year: '2026', quarter: '1' }),
  'POST /staff/ratings': (r) => ({ org: r.code, subject: 'hotline', case_ref: `MX${++serial}`, channel: 'hotline_callback', level: '5', rated_on: '2026-03-02' }),
  'POST /staff/ratings/links': (r) => ({ org: r.code, case_ref: `MX${++serial}`, subject: 'staff', staff_no: 'GH01', phone: '13800001111' }),
  'POST /staff/desk/place': (r) => ({ venue: r.venueId, window: '' }),
  'POST /staff/desk/rating': (r) => ({ venue: r.venueId, window: '', case_ref: `MX${++serial}` }),
  'POST /staff/desk/apply': (r) => ({ venue: r.venueId, org: r.code, applicant_type: 'natural_person', applicant_name: APPLICANT.name, applicant_id_number: APPLICANT.id_number, applicant_phone: APPLICANT.phone, description: '矩阵测试申请。', delivery: 'pickup' }),
  'POST /staff/enquiries': (r) => ({ channel: 'window', venue: r.venueId, topic: '矩阵测试咨询' }),
  'POST /staff/assistant/faq': (r) => ({ org: r.code, question: `矩阵测试问答${++serial}`, answer: '矩阵测试答案。' }),
  'POST /staff/assistant/settings': (r) => ({ org: r.code, enabled: '1', venue: '', wait_minutes: '5', fallback: 'enquiry' }),
};

/** Routes that take a file: a small PDF as multipart. */
const MULTIPART = new Set(['POST /staff/disclosures/:id/attachments', 'POST /staff/applications/:reference/attachments', 'POST /staff/boards/:id/table', 'POST /staff/participation/:id/attachment', 'POST /staff/supervision/findings']);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
function multipart(fields: Record<string, string>): { payload: Buffer; contentType: string } {
  const b = '----gongkai-matrix-boundary';
  const parts = Object.entries(fields).map(([k, v]) => Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="matrix.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), PDF, Buffer.from(`\r\n--${b}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${b}` };
}

async function firstId(db: Db, table: 'application_case' | 'message' | 'disclosure' | 'sm_venue', code: string) {
  return db.selectFrom(table).selectAll().where('org_code', 'like', `${code}%`).orderBy('id').executeTakeFirstOrThrow();
}

forEachDialect('the scope matrix of every staff route', (get) => {
  let t: TestApp;
  const rows = {} as Record<County, Rows>;
  let shared: Shared;
  const cookies: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const userName = (c: County, r: Role) => `mx.${c.toLowerCase()}.${r}`;
  let routes: { method: string; url: string }[];

  before(async () => {
    const db = get().db;
    // the site's sponsor (every page's footer) must not name either county
    // (every API call comes from one address: the per-address API limit would answer 429 once the table grows)
    t = await buildTestApp(get(), clock, { SITE_SPONSOR: '矩阵测试主办单位', API_RATE_LIMIT_PER_MINUTE: '1000000' });
    await t.app.ready();
    routes = t.app.routeList.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && isStaffRoute(r.method, r.url));
    const deps = { db, clock, sessionIdleMinutes: 120 };
    const make = async (username: string, role: Role, orgCode: string) => {
      const r = await identityService.createUser(deps, { cli: true }, { username, displayName: username, role, orgCode, password: 'matrix-password-2026' });
      if (!r.ok) throw new Error(`${username}: ${JSON.stringify(r.errors)}`);
      return (await db.selectFrom('staff_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    };
    for (const c of ['A', 'B'] as County[]) {
      for (const role of ROLES) {
        const id = await make(userName(c, role), role, CODE[c]);
        cookies[userName(c, role)] = await signIn(t.app, userName(c, role), 'matrix-password-2026');
        tokens[userName(c, role)] = await identityService.createApiToken(deps, { cli: true }, id, 'matrix');
      }
      // as the demo grants them: a 政务公开办 supervisor (whose scope widens to the government) and a
      // township's case handler — checked for foreign rows and foreign strings
      for (const [name, role, org] of EXTRA[c]) {
        const id = await make(name, role, org);
        cookies[name] = await signIn(t.app, name, 'matrix-password-2026');
        tokens[name] = await identityService.createApiToken(deps, { cli: true }, id, 'matrix');
      }
    }

    // county B has no applications, messages, rule or report in the demo; county A no catalogue
    const sup = (c: County) => ({ authorization: `Bearer ${tokens[userName(c, 'supervisor')]}` });
    const app = await t.app.inject({ method: 'POST', url: '/api/v1/staff/applications', headers: sup('B'), payload: { org: '440105', channel: 'in_person', received_on: '2026-03-02', applicant: { ...APPLICANT, name: '海珠申请人' }, description: '申请公开海珠区2025年绿化养护合同。', delivery: 'pickup' } });
    assert.equal(app.statusCode, 201, app.body);
    const msg = await t.app.inject({ method: 'POST', url: '/api/v1/messages', payload: { org: '440105', category: 'street_lights', title: '海珠区江南西路灯不亮', content: '江南西路路灯连续一周不亮。', contact: { name: '陈女士', phone: '13912345670' }, public: true } });
    assert.equal(msg.statusCode, 201, msg.body);
    const hz = await db.selectFrom('organisation').select('path').where('code', '=', '440105').executeTakeFirstOrThrow();
    await db.insertInto('annual_report').values({ org_code: '440105', org_path: hz.path, year: 2026, include_subtree: 1, state: 'draft', source: 'system', section1_text: '海珠区年报草稿', section5_text: null, section6_text: null, licensing_count: 0, penalty_count: 0, coercion_count: 0, fees_wan: '0', carry_reason: null, snapshot_json: null, published_at: null, disclosure_id: null, created_at: clock.now().toISOString(), updated_at: clock.now().toISOString() }).execute();
    const rule = await addRule({ db, clock } as never, { cli: true }, { category_code: 'sanitation', region: '440105', org_code: '440105', class_code: 'normal' });
    assert.ok(rule.ok, JSON.stringify(rule));
    const seed = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../seed/catalogs');
    const seedFile = '440309-户籍管理.csv'; // 龙华区: neither county's text
    const domains = await db.selectFrom('catalog_domain').select(['id', 'name']).orderBy('id').execute();
    shared = {
      categoryCode: 'street_lights', domainId: domains[0]!.id,
      synonymId: Number((await db.insertInto('search_synonym').values({ terms: '矩阵 测试', note: '', origin: 'editor', created_at: clock.now().toISOString(), updated_at: clock.now().toISOString() }).returning('id').executeTakeFirstOrThrow()).id),
      portalLinkId: Number((await db.insertInto('portal_link').values({ level: 'other', name: '矩阵测试入口', url: 'https://example.org/', sort_order: 0, created_at: clock.now().toISOString(), updated_at: clock.now().toISOString() }).returning('id').executeTakeFirstOrThrow()).id),
    };

    for (const c of ['A', 'B'] as County[]) {
      const code = CODE[c];
      const victimId = await make(`mx.${c.toLowerCase()}.victim`, 'editor', code);
      const grantId = (await db.selectFrom('role_grant').select('id').where('user_id', '=', victimId).executeTakeFirstOrThrow()).id;
      const a = await firstId(db, 'application_case', code);
      const appAttachmentId = Number((await db.insertInto('application_attachment').values({ case_id: a.id, kind: 'delivery_receipt', filename: 'r.png', mime: 'image/png', content_base64: 'iVBORw0KGgo=', created_at: clock.now().toISOString() }).returning('id').executeTakeFirstOrThrow()).id);
      // a published catalogue with a draft of version 2 (so 'compare with the previous version' has one)
      const imported = await importFile({ db, clock }, { cli: true }, { orgCode: code, buffer: fs.readFileSync(path.join(seed, seedFile)), fileName: seedFile, domainName: domains[1]!.name, publish: true });
      if (!imported.ok) throw new Error(imported.errors.join('；'));
      const draft = await startDraft({ db, clock }, { cli: true }, imported.value.catalogs[0]!.catalogId);
      if (!draft.ok) throw new Error(draft.errors.join('；'));
      const cat = { catalogId: imported.value.catalogs[0]!.catalogId, versionId: draft.value.versionId };
      const item = await db.selectFrom('catalog_item').select('id').where('version_id', '=', cat.versionId).orderBy('seq').executeTakeFirstOrThrow();
      const venue = await firstId(db, 'sm_venue', code);
      const m = await firstId(db, 'message', code);
      const photoId = Number((await db.insertInto('message_photo').values({ message_id: m.id, content_type: 'image/jpeg', size: 4, data: Buffer.from([0xff, 0xd8, 0xff, 0xd9]), created_at: clock.now().toISOString() }).returning('id').executeTakeFirstOrThrow()).id);
      const ruleRow = await db.selectFrom('message_routing_rule').select('id').where('region_prefix', 'like', `${code}%`).orderBy('id').executeTakeFirstOrThrow();
      // a draft (attachments are removed only from a draft), written through the staff API
      const draftRes = await t.app.inject({ method: 'POST', url: '/api/v1/staff/disclosures', headers: { authorization: `Bearer ${tokens[userName(c, 'editor')]}` }, payload: { org: code, title: `${c === 'A' ? '磁县' : '海珠区'}矩阵测试草稿`, body: '正文', genre: 'notice', category: 'zhzw', formed_on: '2026-03-01' } });
      assert.equal(draftRes.statusCode, 201, draftRes.body);
      const d = await db.selectFrom('disclosure').selectAll().where('id', '=', draftRes.json().id).executeTakeFirstOrThrow();
      const disclosureAttachmentId = Number((await db.insertInto('disclosure_attachment').values({ disclosure_id: d.id, filename: 'a.pdf', mime: 'application/pdf', size_bytes: 8, content_base64: 'JVBERi0xLjQ=', created_at: clock.now().toISOString() }).returning('id').executeTakeFirstOrThrow()).id);
      // two board drafts of the county's village (a finance table that may be published)
      const board = async () => {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/boards/posts', headers: { authorization: `Bearer ${tokens[userName(c, 'editor')]}` }, payload: { org: VILLAGE[code], column: 'finance', title: `${c === 'A' ? '磁县' : '海珠区'}矩阵测试公开栏${++serial}`, period: '2026-01', rows: BOARD_ROWS } });
        assert.equal(res.statusCode, 201, res.body);
        return res.json() as { id: number; title: string };
      };
      const boardPage = await board();
      const boardApi = await board();
      // a consultation whose period has ended, with one comment waiting for moderation
      const editor = (await identityService.actorFor(db, (await db.selectFrom('staff_user').select('id').where('username', '=', userName(c, 'editor')).executeTakeFirstOrThrow()).id, 'session'))!;
      const early = { db, clock: fixedClock('2026-01-05T02:00:00Z') };
      const consult = await participation.openConsultation(early, { actor: editor }, { org: code, title: `${c === 'A' ? '磁县' : '海珠区'}矩阵测试意见征集`, summary: '', draftHtml: '<p>草案</p>', opensOn: '2026-01-05', closesOn: '2026-02-05', shortReason: '' });
      if (!consult.ok) throw new Error(JSON.stringify(consult.errors));
      const crow = await db.selectFrom('consultation').selectAll().where('id', '=', consult.id).executeTakeFirstOrThrow();
      const comment = await participation.submitComment(early, crow, { name: '', contact: '', content: `${c === 'A' ? '磁县' : '海珠区'}矩阵测试意见` });
      if (!comment.ok) throw new Error(JSON.stringify(comment.errors));
      const commentId = (await db.selectFrom('consultation_comment').select('id').where('reference', '=', comment.reference).executeTakeFirstOrThrow()).id;
      const gkb = await db.selectFrom('organisation').select('path').where('code', '=', `${code}-gkb`).executeTakeFirstOrThrow();
      const checkItemId = String((await db.insertInto('sv_check_item').values({ code: `${code}-gkb-mx`, office_org_code: `${code}-gkb`, office_org_path: gkb.path, title: '矩阵测试检查项', basis: '', severity: 'general', deadline_class: 'limited', active: 1, created_by: 'matrix', created_at: clock.now().toISOString(), updated_at: clock.now().toISOString() }).returning('code').executeTakeFirstOrThrow()).code);
      // a 季度通报 of the county's 政务公开办 (last quarter; the matrix's own POST makes this quarter's)
      const gkbActor = (await identityService.actorFor(db, (await db.selectFrom('staff_user').select('id').where('username', '=', userName(c, 'supervisor')).executeTakeFirstOrThrow()).id, 'session'))!;
      const bulletin = await bulletins.create({ db, clock, indexFormat: '', countStartDay: false, figures: async () => [] }, { actor: gkbActor }, { office: `${code}-gkb`, year: '2025', quarter: '4' });
      if (!bulletin.ok) throw new Error(JSON.stringify(bulletin.errors));
      // the county's government, departments and townships by name (the code is not a marker: form
      // hints and messages give 130427 as an example)
      // a problem of the county government raised by its 政务公开办, with one evidence file
      const problem = await raiseProblem(db, { org: code, office: `${code}-gkb`, title: `${c === 'A' ? '磁县' : '海珠区'}矩阵测试问题`, month: '2026-02', foundOn: '2026-02-02', dueOn: '2026-02-16' });
      const problemFileId = `WJ-MATRIX${c}`;
      await db.insertInto('sv_problem_file').values({ problem_id: problem.id, public_id: problemFileId, kind: 'evidence', file_name: 'e.pdf', media_type: 'application/pdf', size: PDF.length, content: PDF, uploaded_by: 'matrix', uploaded_at: clock.now().toISOString() }).execute();
      const orgNames = (await db.selectFrom('organisation').select('name').where('path', 'like', `%/${code}/%`).execute())
        .map((o) => o.name).filter((n) => !/(村民委员会|居民委员会|村委会|居委会)$/.test(n));
      const rating = await db.selectFrom('rating').select('public_id').where('org_code', '=', code).where('is_bad', '=', 1).orderBy('id').executeTakeFirstOrThrow();
      const zone = await db.selectFrom('sm_venue').select(['id', 'public_id', 'name']).where('type', '=', 'openness_area').where('org_code', '=', code).orderBy('public_id').executeTakeFirstOrThrow();
      QUEUE_TOKEN[code] = (await createVenueToken(db, Number(zone.id), '矩阵令牌', clock.now())).publicId; // a calling-system token of the zone (revoked by its public id)
      const venueOrg = await db.selectFrom('organisation').select(['code', 'path']).where('code', '=', venue.org_code).executeTakeFirstOrThrow();
      const enquiryId = `ZXMATRIX${c}${c}${c}${c}${c}${c}`;
      await db.insertInto('enquiry').values({ public_id: enquiryId, org_code: venueOrg.code, org_path: venueOrg.path, venue_public_id: venue.public_id, window_public_id: null, channel: 'window', asked_at: clock.now().toISOString(), asked_on: '2026-03-02', topic: `${c === 'A' ? '磁县' : '海珠区'}矩阵测试咨询事项`, item_public_id: null, record_ref: null, answer: '', follow_up: 1, followed_up_on: null, contact_name: '矩阵', contact_phone: '13800001111', source: 'staff', converted_kind: null, converted_ref: null, created_by: 'matrix', created_at: clock.now().toISOString(), updated_at: clock.now().toISOString() }).execute();
      const faqId = `FAQMATRIX${c}${c}${c}${c}`;
      const faqQuestion = `${c === 'A' ? '磁县' : '海珠区'}矩阵测试问答`;
      const gov = await db.selectFrom('organisation').select(['code', 'path']).where('code', '=', code).executeTakeFirstOrThrow();
      await db.insertInto('as_faq').values({ public_id: faqId, org_code: code, org_path: gov.path, question: faqQuestion, variants_json: '[]', answer: '矩阵测试答案。', links_json: '[]', status: 'active', hits: 0, created_by: 'matrix', updated_by: 'matrix', created_at: clock.now().toISOString(), updated_at: clock.now().toISOString() }).execute();
      // two waiting hand-offs (转人工) of the county's government, asked about something only this county has
      const handoffQuestion = `${c === 'A' ? '磁县' : '海珠区'}矩阵测试转人工问题`;
      const waitingHandoff = async (n: number) => {
        const conv = await createConversation(db, clock.now(), { channel: 'web', regionCode: code, venuePublicId: null, orgCode: gov.code, orgPath: gov.path });
        await inTransaction(db, (trx) => appendTurns(trx, conv, clock.now(), [{ role: 'user', text: handoffQuestion }]));
        const reference = `ZXR-20260302-MX${c}${c}${n}`;
        await db.updateTable('as_conversation').set({ state: 'waiting', reference, tracking_hash: 'x', handoff_requested_at: clock.now().toISOString(), handoff_deadline_at: '2099-01-01T00:00:00.000Z' }).where('id', '=', conv.id).execute();
        return reference;
      };
      const handoffRef = await waitingHandoff(1);
      const handoffApiRef = await waitingHandoff(2);
      // a resident's 一码办 code scanned at the county's desk by its admin
      const resident = await signInResident(db, { phone: c === 'A' ? '13700000001' : '13700000002' }, { now: clock.now() });
      const issued = await issueCode(db, resident.accountId, clock.now());
      if (!issued.ok) throw new Error('code not issued');
      const adminId = (await db.selectFrom('staff_user').select('id').where('username', '=', userName(c, 'admin')).executeTakeFirstOrThrow()).id;
      const scan = await scanCode(db, { kind: 'desk', ref: String(adminId), label: '矩阵测试窗口', orgCode: code, orgPath: gov.path, venuePublicId: null, actorId: adminId, actorLabel: 'matrix' }, { code: issued.code.short, fields: ['name'], purpose: '' }, clock.now());
      if (!scan.ok) throw new Error(scan.message);
      // an appointment of the county's first venue this morning (issue 22), booked
      const apptRef = `YYMATRIX${c}${c}${c}`;
      const apptName = `${c === 'A' ? '磁县' : '海珠区'}矩阵预约人`;
      await db.insertInto('ap_appointment').values({ public_id: apptRef, venue_id: venue.id, item_id: null, item_key: 0, start_at: '2026-03-02T01:00:00.000Z', end_at: '2026-03-02T01:30:00.000Z', day_on: '2026-03-02', name: apptName, phone: '13800001111', person_key: `p:matrix${c}`, account_id: null, code_hash: 'x', status: 'booked', channel: 'web', rescheduled_from: null, reminded_at: null, created_at: clock.now().toISOString(), updated_at: clock.now().toISOString() }).execute();
      rows[c] = {
        apptRef,
        handoffRef, handoffApiRef, faqId, codeRead: scan.read,
        ratingId: rating.public_id, enquiryId, zoneId: zone.public_id,
        code, victimId, grantId, appRef: a.reference, appAttachmentId, catalogId: cat.catalogId, versionId: cat.versionId, itemId: item.id,
        venueId: venue.public_id, messageRef: m.reference, photoId, ruleId: ruleRow.id, disclosureId: d.id, disclosureAttachmentId,
        boardPostId: boardPage.id, boardApiPostId: boardApi.id, consultationId: consult.id, commentId, checkItemId, problemId: problem.publicId, problemFileId, bulletinId: bulletin.publicId,
        markers: [...orgNames, apptRef, apptName, handoffRef, handoffApiRef, handoffQuestion, a.reference, m.reference, m.title, d.index_no, d.title, venue.name, `mx.${c.toLowerCase()}.victim`, boardPage.title, boardApi.title, crow.reference, crow.title, comment.reference, problem.publicId, `${c === 'A' ? '磁县' : '海珠区'}矩阵测试问题`, rating.public_id, enquiryId, `${c === 'A' ? '磁县' : '海珠区'}矩阵测试咨询事项`, zone.name, faqId, faqQuestion],
      };
    }
  });
  after(async () => t.app.close());

  test('every registered staff route is in the scope matrix, and every matrix row is a registered route', () => {
    const keys = new Set(routes.map((r) => `${r.method} ${r.url}`));
    const missing = [...keys].filter((k) => !(k in MATRIX)).map((k) => `new route not in the scope matrix: ${k}`);
    const stale = Object.keys(MATRIX).filter((k) => !keys.has(k)).map((k) => `matrix row for a route that is not registered: ${k}`);
    assert.deepEqual([...missing, ...stale], []);
    assert.ok(keys.size >= 100, `only ${keys.size} staff routes`);
  });

  test('no route outside the staff prefixes asks for a sign-in (it would escape the matrix)', async () => {
    const guarded: string[] = [];
    for (const r of t.app.routeList.filter((x) => !['HEAD', 'OPTIONS'].includes(x.method) && !isStaffRoute(x.method, x.url))) {
      const url = r.url.replace(/:[A-Za-z_]+/g, '1').replace(/\*$/, 'x');
      const res = await t.app.inject({ method: r.method as 'GET', url, headers: { cookie: `gk_csrf=${CSRF}` }, ...(r.method === 'GET' ? {} : { payload: { _csrf: CSRF } }) });
      if (res.statusCode === 401) guarded.push(`${r.method} ${r.url}`);
    }
    assert.deepEqual(guarded, []);
  });

  /** One call: a page write is a form with the CSRF token; an API call carries the caller's token. */
  function call(key: string, url: string, who: string | null, body: Record<string, unknown>): Promise<LightMyRequestResponse> {
    const method = key.split(' ')[0] as 'GET' | 'POST' | 'PUT' | 'DELETE';
    const api = url.startsWith('/api/');
    const headers: Record<string, string> = {};
    if (who && api) headers.authorization = `Bearer ${tokens[who]}`;
    if (!api) headers.cookie = who ? cookies[who]! : `gk_csrf=${CSRF}`;
    if (method === 'GET') return t.app.inject({ method, url, headers });
    if (api) return t.app.inject({ method, url, headers, payload: body });
    if (MULTIPART.has(key)) {
      const mp = multipart({ _csrf: CSRF });
      return t.app.inject({ method, url, headers: { ...headers, 'content-type': mp.contentType }, payload: mp.payload });
    }
    return t.app.inject({ method, url, headers, payload: { _csrf: CSRF, ...FORM[key], ...(body as Record<string, string>) } });
  }

  // Before any write of the next test publishes a draft or submits a record (its state would refuse first).
  test('a child row of the other county (grant, attachment, photo, item) under a row of the caller\'s own county is refused', async () => {
    const wrong: string[] = [];
    const nested = routes.filter((r) => fill(r.url, rows.A, shared).nested);
    assert.ok(nested.length >= 8, `only ${nested.length} nested routes`);
    for (const r of nested) {
      const key = `${r.method} ${r.url}`;
      for (const c of ['A', 'B'] as County[]) {
        const url = fill(r.url, rows[c], shared, rows[OTHER[c]]).url;
        for (const role of ROLES) {
          const who = userName(c, role);
          const res = await call(key, url, who, {});
          if (![403, 404].includes(res.statusCode)) wrong.push(`${key} as ${who}: ${url} → ${res.statusCode}`);
          const foreign = rows[OTHER[c]].markers.filter((m) => res.body.includes(m));
          if (foreign.length) wrong.push(`${key} as ${who}: ${url} shows ${foreign.join(', ')}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('each route: 401 signed out, 403/404 for a foreign row, allowed or 403 by role on an own row, and never a foreign string', async () => {
    const order = (r: { method: string; url: string }) => (r.method === 'GET' ? 0 : FINISHING.test(r.url) ? 2 : 1);
    const wrong: string[] = [];
    const leaks: string[] = [];
    /** Routes whose permitted answers showed the caller's own county's strings (the markers do mark). */
    const seenOwn: Record<County, Set<string>> = { A: new Set(), B: new Set() };
    for (const r of [...routes].sort((x, y) => order(x) - order(y))) {
      const key = `${r.method} ${r.url}`;
      const allowed = MATRIX[key];
      if (!allowed) continue; // reported by the test above
      const target = (c: County) => {
        const f = fill(r.url, rows[c], shared);
        const b = apiBody(key, rows[c]);
        const q = QUERY[key];
        const form = SCOPED_FORM[key];
        return { url: f.url + (q ? q(rows[c]) : ''), body: form ? form(rows[c], shared) : b.body, scoped: f.scoped || b.scoped || !!q || !!form, form: !!form };
      };

      // signed out
      const out = await call(key, target('A').url, null, target('A').body);
      const toLogin = out.statusCode === 303 && String(out.headers.location).startsWith('/login');
      if (out.statusCode !== 401 && !toLogin) wrong.push(`${key} signed out → ${out.statusCode}`);

      // a string the caller sent (in the URL or the body) may come back; nothing else of the other county
      const check = (res: LightMyRequestResponse, c: County, what: string, sent: { url: string; body: Record<string, unknown> }) => {
        if (res.statusCode >= 500) wrong.push(`${what} → ${res.statusCode} ${res.body.slice(0, 100)}`);
        const echo = sent.url + JSON.stringify(sent.body);
        // the baseline choices of a new catalogue are every county's PUBLISHED catalogues (public data)
        // and a form's hints are fixed text that may name a county as an example
        const body = res.body.replace(/<select[^>]*name="baseline"[\s\S]*?<\/select>/g, '').replace(/<p class="hint"[^>]*>[^<]*<\/p>/g, '');
        const foreign = rows[OTHER[c]].markers.filter((m) => !echo.includes(m) && (body.includes(m) || decodeURIComponent(String(res.headers.location ?? '')).includes(m)));
        if (foreign.length) leaks.push(`${what} → ${res.statusCode} shows ${foreign.join(', ')}: …${context(body, foreign[0]!)}…`);
      };

      const scoped = target('A').scoped;
      // a foreign row: refused for every role, whatever the role may do at home
      if (scoped) {
        for (const c of ['A', 'B'] as County[]) {
          for (const who of [...ROLES.map((role) => userName(c, role)), ...EXTRA[c].map((e) => e[0])]) {
            const tg = target(OTHER[c]);
            const res = await call(key, tg.url, who, tg.body);
            const what = `${key} as ${who} on county ${OTHER[c]}'s row`;
            const refused = [403, 404].includes(res.statusCode) || (tg.form && res.statusCode === 400);
            if (!refused) wrong.push(`${what} → ${res.statusCode}, expected 403/404${tg.form ? '/400' : ''}`);
            check(res, c, what, tg);
          }
        }
      }
      // the demo-like grants: whatever they may do at home, nothing of the other county
      if (!scoped) {
        for (const c of ['A', 'B'] as County[]) {
          for (const [who] of EXTRA[c]) {
            const tg = target(c);
            check(await call(key, tg.url, who, tg.body), c, `${key} as ${who}`, tg);
          }
        }
      }
      // an own row (or no row): forbidden roles first, then the permitted ones
      const permitted = (role: Role) => allowed !== PLATFORM && allowed.includes(role);
      for (const c of ['A', 'B'] as County[]) {
        let done = false;
        for (const role of [...ROLES].sort((x, y) => Number(permitted(x)) - Number(permitted(y)))) {
          const who = userName(c, role);
          const tg = target(c);
          const res = await call(key, tg.url, who, tg.body);
          const what = `${key} as ${who}${scoped ? ' on an own row' : ''}`;
          check(res, c, what, tg);
          if (!permitted(role)) {
            if (res.statusCode !== 403) wrong.push(`${what} → ${res.statusCode}, expected 403${allowed === PLATFORM ? ' (platform data)' : ''}`);
            continue;
          }
          if (rows[c].markers.some((m) => res.body.includes(m))) seenOwn[c].add(key);
          const ok = res.statusCode < 500 && ![401, 403, 404].includes(res.statusCode);
          const gone = done && [404, 409].includes(res.statusCode);
          if (!ok && !gone) wrong.push(`${what} → ${res.statusCode}, expected allowed: ${res.body.slice(0, 120)}`);
          if (res.statusCode < 400) done = true;
        }
      }
    }
    // MATRIX_REPORT=FILE writes every finding (and the routes where own strings were seen) to FILE
    if (process.env.MATRIX_REPORT) fs.writeFileSync(process.env.MATRIX_REPORT, [...wrong, '----', ...leaks, '----', ...(['A', 'B'] as County[]).map((c) => `${c}: ${[...seenOwn[c]].join(' | ')}`)].join('\n'));
    assert.deepEqual({ wrong, leaks }, { wrong: [], leaks: [] });
    for (const c of ['A', 'B'] as County[]) assert.ok(seenOwn[c].size >= 15, `county ${c}'s strings were seen on only ${seenOwn[c].size} routes: ${[...seenOwn[c]].join(', ')}`);
  });
}, withDemo);
