// Common and breached-pattern passwords (dictionary words, names, keyboard walks, years, l33t and
// repeats — "Password1234" passes the class rules) are refused by their estimated guessability:
// zxcvbn-ts with its common-password and name dictionaries. Deterministic, no I/O; the
// dictionaries are built once per process (~0.1–0.3 s per check).
//
// The platform's own words — its name (xinyong, 信用), the province (hebei, 河北), the names of the
// regions in use, the user's name and department — are what an attacker of this platform tries
// first. zxcvbn takes them as user inputs, but ranks a password built of them (`xinyong-Xinyong1`,
// `Hebei2026!!Hebei`, accepted by the re-test of 2026-12-06) by the case changes, separators and
// digits around them, which it counts as many guesses: both scored 4. So a password that contains
// such words must be strong without them too: the words are cut out (case and common l33t ignored:
// X1ny0ng is xinyong) and what is left is judged like a password of its own.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import type { AccessRule, Violation } from './access.rules.ts';
import { REGIONS, regionAncestors } from '../../kernel/codes/region.ts';

let factory: ZxcvbnFactory | undefined;
const zxcvbn = () => (factory ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }));

// l33t substitutions undone before looking for the own words (one character for one, so positions
// stay those of the password)
const L33T: Record<string, string> = { '0': 'o', '1': 'i', '!': 'i', '|': 'i', '3': 'e', '4': 'a', '@': 'a', '5': 's', $: 's', '7': 't', '+': 't', '9': 'g', '6': 'g' };
const ASCII = /^[\x00-\x7f]*$/;

// An own word counts from 3 characters (2 for Chinese words: 信用, 河北, 保定): a Latin user name
// of two letters would otherwise cut every password.
const usable = (w: string): boolean => {
  const n = [...w].length;
  return n >= 3 || (n === 2 && !ASCII.test(w));
};

// The password with every occurrence of the own words taken out (longest words first; matched
// case-insensitively, on the password as written and with l33t undone), and whether any was found.
export function withoutOwnWords(password: string, ownWords: readonly string[]): { found: boolean; rest: string } {
  const chars = [...password];
  const lower = chars.map((c) => c.toLowerCase());
  const plain = lower.map((c) => L33T[c] ?? c);
  const cut = new Array<boolean>(chars.length).fill(false);
  const words = [...new Set(ownWords.map((w) => w.trim().toLowerCase()).filter(usable))].sort((a, b) => [...b].length - [...a].length);
  let found = false;
  for (const w of words) {
    const wc = [...w];
    for (let i = 0; i + wc.length <= chars.length; i++) {
      let hit = true;
      for (let j = 0; j < wc.length && hit; j++) hit = !cut[i + j] && (lower[i + j] === wc[j] || plain[i + j] === wc[j]);
      if (!hit) continue;
      for (let j = 0; j < wc.length; j++) cut[i + j] = true;
      found = true;
      i += wc.length - 1;
    }
  }
  return { found, rest: chars.filter((_, i) => !cut[i]).join('') };
}

// minScore: zxcvbn's 0–4 (3: "safely unguessable: moderate protection from offline attacks").
// userInputs: the user's own words (user name, display name, department); ownWords: the
// platform's (rules/access.json `password.ownWords`, and the region names in use). Without
// ownWords (rule entries before 2026-12-07) nothing is cut out: zxcvbn alone judges.
export function strengthViolation(password: string, userInputs: readonly string[], minScore: number, ownWords?: readonly string[]): Violation | undefined {
  const inputs = [...userInputs, ...(ownWords ?? [])].map((w) => w.trim()).filter(Boolean);
  const r = zxcvbn().check(password, inputs);
  if (r.score < minScore)
    return {
      code: 'PASSWORD_COMMON',
      zh: '密码过于常见或容易猜测（如常用词、键盘序列、年份、重复字符或与用户名相近），请换一个',
      en: 'The password is too common or easy to guess (common words, keyboard sequences, years, repeats or the user name); choose another',
    };
  if (!ownWords) return undefined;
  const own = withoutOwnWords(password, inputs);
  if (own.found && (own.rest.length === 0 || zxcvbn().check(own.rest, inputs).score < minScore))
    return {
      code: 'PASSWORD_OWN_WORDS',
      zh: '密码主要由本平台、本省或地市的名称，或您的用户名、姓名、部门构成（如 xinyong、信用、hebei、河北），去掉这些后余下部分容易猜测，请换一个',
      en: 'The password is built of the platform’s, the province’s or a city’s name, or your user name, name or department (e.g. xinyong, 信用, hebei, 河北), and what is left without them is easy to guess; choose another',
    };
  return undefined;
}

// The platform's own words for a user of this region: the rule's list (pinyin and the platform's
// name), and the Chinese names of the province, the cities and the user's own region chain, with
// and without 省/市/区/县/新区 (石家庄市 and 石家庄). Undefined under a rule without the list.
export function ownWordsFor(rule: AccessRule, regionCode: string): string[] | undefined {
  if (!rule.password.ownWords) return undefined;
  const own = new Set([regionCode, ...regionAncestors(regionCode)]);
  const names = REGIONS.filter((r) => r.level !== 'county' || own.has(r.code)).map((r) => r.name);
  return [...rule.password.ownWords, ...names, ...names.map((n) => n.replace(/(新区|省|市|区|县)$/u, ''))];
}
