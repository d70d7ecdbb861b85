export type CodeError = { code: string; zh: string; en: string };

export type CodeCheck = { ok: true; value: string } | { ok: false; error: CodeError };

export function codeOk(value: string): CodeCheck {
  return { ok: true, value };
}

export function codeFail(code: string, zh: string, en: string): CodeCheck {
  return { ok: false, error: { code, zh, en } };
}
