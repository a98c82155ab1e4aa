/** A captcha token already used (its nonce), kept until the token would have expired anyway. */
export interface CaptchaSpentTable {
  nonce: string;
  expires_at: string;
}
