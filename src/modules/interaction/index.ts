// Public surface of the interaction module (民心直通车 messages, 12345 work orders, Open311).
export { interactionRoutes } from './interaction.routes.tsx';
export { INTERACTION_DEMO_USERS, loadInteractionDemo } from './interaction.demo.ts';
export { parseHotlineCsv } from './hotline-csv.ts';
export { createWorkOrders, submitMessage, act, provisionalDeadlineHooks, recomputeProvisionalMessages, RECOMPUTE_PROVISIONAL_MESSAGES_JOB, type ApplicationIntake, type InteractionDeps } from './interaction.service.ts';
export { deliverDue, notificationJobs, consoleProvider, fileProvider, smtpProvider, providersFrom, enqueueNotifications, type NotificationProvider } from './notifications.service.ts';
// The 民心直通车 figures and latest replies shown on the public home page and 互动交流 section (portal module).
export { periodFigures, latestPublicReplies, type PeriodFigures, type PublicReply } from './public-figures.ts';
export { formatRate } from './deadlines.ts';
// On-time closure counts per handling organisation path and period (supervision figures), and the period parser of the statistics.
export { closureOnTimeByPath, type ClosureOnTimeCount } from './org-figures.ts';
export { parsePeriod, periodOf, monthRange, ON_TIME_DEFINITION, type Period, type OnTimeOptions } from './deadlines.ts';
// The supervision module's 月检查 rules (overdue or late messages and 12345 orders).
export { onTimeStatus } from './deadlines.ts';
// The kiosk (channels module): a message's status for its submitter, the form's replay and categories, the stage labels.
export { findForCitizen, replayForm, configOf, validateSubmission, type SubmitInput } from './interaction.service.ts';
export { STAGE_LABELS, showsProvisional } from './workflow.ts';
// The message categories (the enquiries module's 「转为留言」 form offers them).
export { loadCategories as listMessageCategories } from './interaction.repository.ts';
// The accounts module's queries (issue 21 §2): an account's own messages, claiming earlier ones.
export { messageAccounts } from './messages.accounts.ts';
// 数据开放 (issue 23): the message-statistics dataset and the app's settings for it (app.ts).
export { messageStatisticsDataset, useMessageDatasetSettings, MESSAGE_STATISTICS_COLUMNS, type MessageStatisticsRow } from './interaction.datasets.ts';
