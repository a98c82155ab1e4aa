// Strings of the OpenID Connect sign-in (issue 21 §1): the pages a person sees when the province's
// identity service (统一身份认证) cannot sign them in.
export const oidcStrings = {
  notConfiguredTitle: '未开通统一身份认证登录',
  notConfigured: '本站尚未接入统一身份认证平台，请使用手机验证码登录。',
  problemTitle: '统一身份认证登录未成功',
  tryAgain: '重新登录',
  otherWay: '返回登录页',
  unreachable: '暂时无法连接统一身份认证平台，请稍后再试。您的信息没有被保存。',
  stateMissing: '登录请求不完整（缺少 state 参数），请从本站重新发起登录。',
  stateMismatch: '此登录请求不是从本浏览器发起的，或浏览器未保存登录凭据（Cookie），为保护您的账号已拒绝。请重新登录。',
  flowUnknown: '此登录请求已经使用过或不存在，请重新登录。',
  flowExpired: '登录请求已超过 10 分钟有效期，请重新登录。',
  accessDenied: '您在统一身份认证平台取消了登录或拒绝了授权，本站没有获得您的任何信息。',
  providerError: '统一身份认证平台返回了错误，未能登录。',
  providerSaid: '平台说明：',
  tokenRefused: '统一身份认证平台拒绝了本次登录（授权码无效、已使用或已过期），请重新登录。',
  idTokenInvalid: '统一身份认证平台返回的身份凭据未通过校验（签发方、接收方、有效期、随机数或签名不符），为保护您的账号已拒绝登录。',
  noSubject: '统一身份认证平台没有返回有效的用户标识，无法登录。',
} as const;
