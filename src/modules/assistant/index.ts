// Public surface of the assistant module (issue 20): the 7×24 consultation assistant — answers
// built from the platform's own data, clarifying questions, staff FAQ, hand-off to a human.
export { AssistantService, assistantJobs } from './assistant.service.ts';
export { assistantApiRoutes } from './assistant.routes.tsx';
export { assistantPageRoutes } from './assistant.pages.tsx';
export { faqRoutes } from './faq.routes.tsx';
export { handoffRoutes, handoffJobs } from './handoff.routes.tsx';
export type { AssistantDeps } from './deps.ts';
export type { AssistantReply, AskInput, Source } from './types.ts';
export { loadAssistantDemo } from './assistant.demo.ts';
// Demo data of 转人工 (src/demo.ts).
export { loadHandoffDemo } from './handoff.demo.ts';
// The accounts module's queries (issue 21 §2): an account's own 转人工 conversations, claiming earlier ones.
export { conversationAccounts } from './conversations.accounts.ts';
