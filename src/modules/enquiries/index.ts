// Public surface of the enquiries module (咨询登记, issue 19): questions asked at a 政务公开专区,
// a window or by phone, their statistics, CSV, and turning one into a message or an application.
export { ENQUIRY_CHANNELS, ENQUIRY_SOURCES, ENQUIRY_CONVERSIONS, TOPIC_MAX, ANSWER_MAX, type EnquiryChannel, type EnquirySource, type EnquiryConversion } from './vocabulary.ts';
