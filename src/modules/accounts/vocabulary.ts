// Pure: vocabulary and limits of residents' and enterprises' accounts (issue 21). Codes are stored; labels are shown.
import { SHARE_FIELD_LABELS } from '../../platform/auth/resident.ts';
import { defineEnum } from '../../platform/web/enums.ts';

export type AccountKind = 'person' | 'enterprise';
export const ACCOUNT_KINDS = defineEnum<AccountKind>([
  { code: 'person', label: '个人' },
  { code: 'enterprise', label: '法人' },
]);

export type SignInMethod = 'sms' | 'oidc';
export const SIGN_IN_METHODS = defineEnum<SignInMethod>([
  { code: 'sms', label: '手机验证码' },
  { code: 'oidc', label: '统一身份认证' },
]);

export type SavedKind = 'item' | 'venue';
export const SAVED_KINDS = defineEnum<SavedKind>([
  { code: 'item', label: '事项' },
  { code: 'venue', label: '办事地点' },
]);

export type SubscriptionTarget = 'category' | 'organisation';
export const SUBSCRIPTION_TARGETS = defineEnum<SubscriptionTarget>([
  { code: 'category', label: '公开类别' },
  { code: 'organisation', label: '机构' },
]);

export type SubscriptionDelivery = 'email' | 'feed';
export const SUBSCRIPTION_DELIVERIES = defineEnum<SubscriptionDelivery>([
  { code: 'email', label: '电子邮件' },
  { code: 'feed', label: '个人订阅源' },
]);

/** 一码办: issued (shown) → scanned (a reader asked for fields) → confirmed | declined (on the phone) → used (the reader took the data); or expired. */
export type CodeState = 'issued' | 'scanned' | 'confirmed' | 'declined' | 'used' | 'expired';
export const CODE_STATES = defineEnum<CodeState>([
  { code: 'issued', label: '待扫码' },
  { code: 'scanned', label: '待确认' },
  { code: 'confirmed', label: '已确认' },
  { code: 'declined', label: '已拒绝' },
  { code: 'used', label: '已使用' },
  { code: 'expired', label: '已过期' },
]);

/** Who reads a code: a staff member at a window (窗口), or a venue's kiosk (自助终端). */
export type ReaderKind = 'desk' | 'kiosk';
export const READER_KINDS = defineEnum<ReaderKind>([
  { code: 'desk', label: '窗口' },
  { code: 'kiosk', label: '自助终端' },
]);

/** The fields a reader may ask for; the person sees each one and confirms. */
export type ShareField = (typeof SHARE_FIELD_LABELS)[number]['code'];
export const SHARE_FIELDS = defineEnum<ShareField>(SHARE_FIELD_LABELS);
/** What a person sees in their space (pa_activity.kind). */
export type ActivityKind = 'sign_in' | 'sign_out' | 'consent' | 'claim' | 'code_shared' | 'code_declined' | 'export' | 'email_confirmed' | 'subscription';
export const ACTIVITY_KINDS = defineEnum<ActivityKind>([
  { code: 'sign_in', label: '登录' },
  { code: 'sign_out', label: '退出' },
  { code: 'consent', label: '同意个人信息处理规则' },
  { code: 'claim', label: '关联以前的办件' },
  { code: 'code_shared', label: '一码办：已提供信息' },
  { code: 'code_declined', label: '一码办：已拒绝' },
  { code: 'export', label: '下载我的数据' },
  { code: 'email_confirmed', label: '确认电子邮箱' },
  { code: 'subscription', label: '订阅' },
]);

/** The version of the consent text (consent.strings.ts); a new version asks again before use. */
export const CONSENT_VERSION = '2026-12';

export const LIMITS = {
  /** SMS sign-in code: 6 digits, valid 5 minutes, 5 tries (issue 21 §1). */
  smsCodeDigits: 6,
  smsCodeMinutes: 5,
  smsCodeTries: 5,
  /** At most one code per phone a minute and 5 an hour; 20 an hour per address. */
  smsResendSeconds: 60,
  smsPerPhonePerHour: 5,
  smsPerAddressPerHour: 20,
  /** An OIDC sign-in must come back within 10 minutes. */
  oidcFlowMinutes: 10,
  /** A resident's session ends at most 12 hours after sign-in (idle limit: config). */
  sessionAbsoluteHours: 12,
  /** 一码办: the QR refreshes every 60 s; a token is valid 5 minutes and used once (§4). */
  codeRefreshSeconds: 60,
  codeValidMinutes: 5,
  /** The 8-character code under the QR: letters and digits without look-alikes (0/O, 1/I/L). */
  shortCodeLength: 8,
  shortCodeAlphabet: '23456789ABCDEFGHJKMNPQRSTUVWXYZ',
  /** Saved items/venues and subscriptions per account. */
  maxSaved: 200,
  maxSubscriptions: 50,
} as const;
