// Domain errors: a code, a Chinese and an English message, and an HTTP status the edge maps to.
// Services throw these; only the HTTP error handler turns them into responses.

export type ErrorBody = { code: string; zh: string; en: string; details?: unknown };

export class DomainError extends Error {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly status: number;
  readonly details?: unknown;

  constructor(status: number, code: string, zh: string, en: string, details?: unknown) {
    super(en);
    this.name = 'DomainError';
    this.status = status;
    this.code = code;
    this.zh = zh;
    this.en = en;
    this.details = details;
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, zh: this.zh, en: this.en }
      : { code: this.code, zh: this.zh, en: this.en, details: this.details };
  }
}

export const notFound = (code: string, zh: string, en: string) => new DomainError(404, code, zh, en);
export const badRequest = (code: string, zh: string, en: string, details?: unknown) =>
  new DomainError(400, code, zh, en, details);
export const conflict = (code: string, zh: string, en: string) => new DomainError(409, code, zh, en);
export const unauthorized = (code: string, zh: string, en: string) => new DomainError(401, code, zh, en);
export const forbidden = (code: string, zh: string, en: string) => new DomainError(403, code, zh, en);
