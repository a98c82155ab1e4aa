// Public surface of the ratings module (政务服务「好差评」).
export { ratingResultRoutes, RatingResults } from './results.entry.ts';
// The SQL of a named 差评 (回访率's denominator), shared with the supervision figures.
export { NAMED_BAD as NAMED_BAD_RATING_SQL } from './statistics.queries.ts';
// Submission (every channel calls it: public pages, rating links, kiosk, staff entry).
export { submitRating, newRatingPublicId, countyOf, ENTRY_ROLES, type RatingDeps, type RatingInput, type RatingSubmitter, type SubmitResult } from './ratings.service.ts';
// The boundary check of a rating (PURE) and its stable codes.
export { checkRatingInput, parseLevel, inferSubject, normalisePhone, INPUT_CODES, MAX_TEXT, type CheckedRating, type RatingInputContext } from './rating-input.ts';
// The vocabulary: five levels, subjects, channels, indicators, default reasons and time limits.
export { LEVELS, LEVEL_ENUM, SUBJECT_ENUM, CHANNEL_ENUM, ONLINE_INDICATORS, OFFLINE_INDICATORS, DEFAULT_REASONS, DEFAULT_SETTINGS, indicatorsFor, isBad, isGood, starsOf, levelOfStars, type LevelCode, type SubjectCode, type ChannelCode } from './levels.ts';
// 差评 reasons and each county's time limits (absent → defaults).
export { listReasons, seedReasons, getSettings, type ReasonRow, type RatingSettings } from './ratings.repository.ts';
export { ratingChannelRoutes } from './channels.routes.tsx';
// Staff API and pages (registered in app.ts).
export { ratingRoutes } from './ratings.routes.tsx';
// The 差评 workflow (PURE): states, overdue, the decide function.
export { STATES as RATING_STATES, OPEN_STATES, isOverdue, decide, fold, type RatingState, type RatingFacts } from './workflow.ts';
// Staff queries other parts build on (scope: READ_ROLES through officeScopes).
export { READ_ROLES, HANDLER_ROLES, readScopes, listForStaff, workCounts, type ListedRating } from './ratings.service.ts';
// Demo data (src/demo.ts): reasons, windows of the main halls, a few hundred ratings.
export { loadRatingsDemo } from './ratings.demo.ts';
// The kiosk's rating form (channels module): the venue's kiosk target, the reasons offered, the one submission path, who unlocks it (no captcha) and the kiosk's limit.
export { venueTarget, reasonsOffered, submitThrough, kioskUnlocked, KIOSK_UNLOCK_ROLES, type Target as RatingTarget, type RatingForm, type SubmitOutcome as RatingSubmitOutcome } from './channels.service.ts';
export { KIOSK_RATE_LIMIT_MAX } from './channels.routes.tsx';
// The window desk (channels module): the windows of a venue and a 办件's rating link shown on screen.
export { issueLink, recentLink, windowsOf, LINK_ROLES, type IssuedLink, type WindowRow } from './channels.service.ts';
// The accounts module's queries (issue 21 §2): an account's own ratings and their replies, claiming earlier ones.
export { ratingAccounts } from './ratings.accounts.ts';
// 数据开放 (issue 23): the rating-statistics dataset.
export { ratingStatisticsDataset, RATING_STATISTICS_COLUMNS, type RatingStatisticsRow } from './ratings.datasets.ts';
