// Common and breached-pattern passwords (dictionary words, names, keyboard walks, years, l33t and
// repeats — "Password1234" passes the class rules) are refused by their estimated guessability:
// zxcvbn-ts with its common-password and name dictionaries. Deterministic, no I/O; the
// dictionaries are built once per process (~0.1–0.3 s per check).
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import type { Violation } from './access.rules.ts';

let factory: ZxcvbnFactory | undefined;
const zxcvbn = () => (factory ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }));

// minScore: zxcvbn's 0–4 (3: "safely unguessable: moderate protection from offline attacks").
export function strengthViolation(password: string, userInputs: readonly string[], minScore: number): Violation | undefined {
  const r = zxcvbn().check(password, [...userInputs].filter(Boolean));
  if (r.score >= minScore) return undefined;
  return {
    code: 'PASSWORD_COMMON',
    zh: '密码过于常见或容易猜测（如常用词、键盘序列、年份、重复字符或与用户名相近），请换一个',
    en: 'The password is too common or easy to guess (common words, keyboard sequences, years, repeats or the user name); choose another',
  };
}
