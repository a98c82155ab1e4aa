// Texts of the 一码办 panel on the window desk and the kiosk (issue 21 §4).
export const os = {
  heading: '一码办',
  intro: '请办事人打开「我的空间 → 一码办」，出示二维码，或读出码下方的 8 位码。办事人在手机上确认后，表单自动填好。',
  kioskIntro: '在手机上打开「我的空间 → 一码办」，把二维码对准摄像头，或在下面输入码下方的 8 位码。确认后自动填写。',
  fields: '向办事人索取',
  fieldsHint: '办事人会在手机上看到这些项目并确认。企业办事：请勾选单位名称和统一社会信用代码（表单按法人填写）。',
  camera: '用摄像头扫码',
  cameraStop: '停止扫码',
  cameraHint: '把手机上的二维码对准摄像头。',
  code: '8 位码',
  codeHint: '二维码下方的 8 位字母和数字（不区分大小写）。',
  submit: '读取',
  retry: '重新读取',
  // what the scanner script says (data-* attributes: the script has no texts of its own)
  waiting: '请在手机上确认',
  sending: '正在读取……',
  confirmed: '已确认，正在填写表单……',
  declined: '办事人在手机上拒绝了提供信息。可以请办事人重新出示二维码。',
  expired: '二维码已过期或已使用。请办事人刷新二维码后重新读取。',
  failed: '读取失败，请重试。',
  noCamera: '此设备没有可用的摄像头，请输入 8 位码。',
  cameraDenied: '摄像头权限被拒绝。请在浏览器中允许使用摄像头，或输入 8 位码。',
  noDecoder: '此浏览器无法识别二维码，请输入 8 位码。',
  // the form filled
  filled: (labels: string) => `已按一码办填写：${labels}。请核对。`,
  notFilled: '一码办读取的信息已失效（已使用、已过期或不是本窗口发起的读取），请重新读取。',
  deskHint: '申请人可出示「一码办」二维码，登记页面读取后自动填写姓名、身份证号码和电话。',
  purposeApply: '窗口登记依申请公开申请',
  purposeMessage: '自助终端填写民心直通车留言',
  purposeRate: '自助终端填写好差评',
} as const;

/** The fields a reader may ask for: one list in platform/auth/resident.ts (the accounts module's SHARE_FIELDS too). */
export { SHARE_FIELD_LABELS } from '../../platform/auth/resident.ts';
