// Public surface of the enquiries module (咨询登记, issue 19): questions asked at a 政务公开专区,
// a window or by phone, their statistics, CSV, and turning one into a message or an application.
export { ENQUIRY_CHANNELS, ENQUIRY_SOURCES, ENQUIRY_CONVERSIONS, TOPIC_MAX, ANSWER_MAX, type EnquiryChannel, type EnquirySource, type EnquiryConversion } from './vocabulary.ts';
// Counts per venue between two days (the 政务公开专区 figures page of the zones part); unscoped — check the venues first.
export { enquiryFigures, type VenueEnquiryFigures } from './enquiries.service.ts';
// Recording from other parts (e.g. the 7×24 assistant handing a conversation over), and the roles.
export { createEnquiry, READ_ROLES as ENQUIRY_READ_ROLES, WRITE_ROLES as ENQUIRY_WRITE_ROLES, CONVERT_ROLES as ENQUIRY_CONVERT_ROLES, type EnquiryDeps } from './enquiries.service.ts';
// The boundary check (PURE) with its stable codes, and the phone masking every list uses.
export { checkEnquiryInput, ENQUIRY_CODES, maskContactPhone, normaliseContactPhone, type EnquiryRawInput } from './enquiry-input.ts';
// Staff pages and API (registered in app.ts).
export { enquiryRoutes } from './enquiries.routes.tsx';
// Demo data (src/demo.ts).
export { loadEnquiriesDemo } from './enquiries.demo.ts';
// The accounts module's queries (issue 21 §2): an account's own enquiries, claiming earlier ones.
export { enquiryAccounts } from './enquiries.accounts.ts';
