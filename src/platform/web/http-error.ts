// Pure: errors that become a 4xx answer — JSON {code, message[, reasons]} on the API, a page in
// the browser. `code` is stable and machine-readable; `message` is Chinese for people.

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly reasons?: string[],
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string) => new HttpError(400, code, message);
export const unauthorized = (message = '请先登录') => new HttpError(401, 'unauthorized', message);
export const sessionExpired = () => new HttpError(401, 'session_expired', '登录已过期，请重新登录');
export const forbidden = (message = '您没有权限执行此操作') => new HttpError(403, 'forbidden', message);
export const notFound = (message = '找不到您要访问的页面') => new HttpError(404, 'not_found', message);
/** A refused workflow action: 409 with the reasons it was refused. */
export const conflict = (code: string, message: string, reasons: string[]) => new HttpError(409, code, message, reasons);
