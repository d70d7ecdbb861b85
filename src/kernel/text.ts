// Characters no stored value may hold. PostgreSQL refuses NUL in text and `\u0000` in jsonb, so
// one such character used to fail a whole statement (and every row of its batch); the others are
// refused too because no legitimate value holds them and they hide in screens and exports.
// Pure: every input path (row validator, HTTP values) calls this and reports the position.

export type ControlCharacterKind = 'control' | 'surrogate' | 'invalid-encoding';

// position: 1-based, in characters (code points) as a person counts them
export type ControlCharacterHit = { position: number; codePoint: number; kind: ControlCharacterKind };

export type TextCheckOptions = {
  // tab, CR and LF: allowed in free-text fields, refused in codes, dates, ids and parameters
  allowWhitespaceControls?: boolean;
};

const TAB = 0x09, LF = 0x0a, CR = 0x0d;
// Decoders (UTF-8 and GB18030 alike) turn bytes that are not valid text into U+FFFD, so a value
// holding it came from bytes that were not valid in their encoding.
const REPLACEMENT = 0xfffd;

// Fast path first: one regular expression over the whole value, walking only when it matches.
const SUSPECT = /[\u0000-\u001f\ud800-\udfff\ufffd]/;

export function findControlCharacter(s: string, opts: TextCheckOptions = {}): ControlCharacterHit | undefined {
  if (!SUSPECT.test(s)) return undefined;
  let position = 0;
  for (let i = 0; i < s.length; i++) {
    position += 1;
    const c = s.charCodeAt(i);
    if (c < 0x20) {
      if (opts.allowWhitespaceControls && (c === TAB || c === LF || c === CR)) continue;
      return { position, codePoint: c, kind: 'control' };
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1); // NaN past the end
      if (next >= 0xdc00 && next <= 0xdfff) {
        i += 1; // a valid pair is one character
        continue;
      }
      return { position, codePoint: c, kind: 'surrogate' };
    }
    if (c >= 0xdc00 && c <= 0xdfff) return { position, codePoint: c, kind: 'surrogate' };
    if (c === REPLACEMENT) return { position, codePoint: c, kind: 'invalid-encoding' };
  }
  return undefined;
}

export function hasControlCharacter(s: string, opts: TextCheckOptions = {}): boolean {
  return findControlCharacter(s, opts) !== undefined;
}

const hex = (n: number) => 'U+' + n.toString(16).toUpperCase().padStart(4, '0');

// The zh/en messages of CONTROL_CHARACTER for a field; never echoes the value itself (it holds
// the character that could not be stored).
export function controlCharacterMessage(fieldZh: string, fieldEn: string, hit: ControlCharacterHit): { code: 'CONTROL_CHARACTER'; zh: string; en: string } {
  const what =
    hit.kind === 'control'
      ? { zh: `控制字符 ${hex(hit.codePoint)}`, en: `the control character ${hex(hit.codePoint)}` }
      : hit.kind === 'surrogate'
        ? { zh: `不成对的代理码元 ${hex(hit.codePoint)}`, en: `an unpaired surrogate ${hex(hit.codePoint)}` }
        : { zh: '无法按所声明编码解码的字节（替换字符 U+FFFD）', en: 'bytes that are not valid in the declared encoding (replacement character U+FFFD)' };
  return {
    code: 'CONTROL_CHARACTER',
    zh: `${fieldZh}第 ${hit.position} 个字符是${what.zh}，不能保存；请删除该字符后重新提交`,
    en: `${fieldEn}: character ${hit.position} is ${what.en}, which cannot be stored; remove it and submit again`,
  };
}

export type ValuePath = (string | number)[];

// The first string (value or key) in a parsed JSON value or query object that holds a forbidden
// character, with its path (records[3].CF_XDR_MC). Iterative, and each node keeps only a link to
// its parent, so a document nested a million deep costs neither the stack nor quadratic memory.
// skipItemsOf: a top-level key whose array items are not searched (checked per record elsewhere).
export function findControlCharacterDeep(
  value: unknown,
  opts: TextCheckOptions & { skipItemsOf?: string } = {},
): { path: ValuePath; hit: ControlCharacterHit; inKey: boolean } | undefined {
  type Node = { v: unknown; key: string | number | undefined; parent: Node | undefined; depth: number };
  const pathOf = (n: Node | undefined, last?: string): ValuePath => {
    const out: ValuePath = last === undefined ? [] : [last];
    for (let x = n; x && x.key !== undefined; x = x.parent) out.push(x.key);
    return out.reverse();
  };
  const stack: Node[] = [{ v: value, key: undefined, parent: undefined, depth: 0 }];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const v = n.v;
    if (typeof v === 'string') {
      const hit = findControlCharacter(v, opts);
      if (hit) return { path: pathOf(n), hit, inKey: false };
    } else if (Array.isArray(v)) {
      if (n.depth === 1 && n.key === opts.skipItemsOf) continue;
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], key: i, parent: n, depth: n.depth + 1 });
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v) && !isStream(v)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        const hit = findControlCharacter(k); // keys: never a control character, not even a tab
        if (hit) return { path: [...pathOf(n), k], hit, inKey: true };
        stack.push({ v: (v as Record<string, unknown>)[k], key: k, parent: n, depth: n.depth + 1 });
      }
    }
  }
  return undefined;
}

function isStream(v: object): boolean {
  return typeof (v as { pipe?: unknown }).pipe === 'function';
}

// records[3].CF_XDR_MC; keys that are not identifiers are quoted, and control characters in a
// key are shown escaped so the path itself is printable.
export function formatValuePath(path: ValuePath): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += (out ? '.' : '') + p;
    else out += `[${JSON.stringify(p.replace(/[\u0000-\u001f\ud800-\udfff]/g, (c) => hex(c.charCodeAt(0))))}]`;
  }
  return out;
}

// OOXML (ECMA-376 ST_Xstring) stores characters XML cannot hold as _xHHHH_ (Excel writes a
// control character in a cell as _x0007_, and a literal "_x0041_" as "_x005F_x0041_"). Decoded
// so a control character in a spreadsheet cell is seen, and refused, like one in a CSV cell.
export function decodeOoxmlEscapes(s: string): string {
  return s.indexOf('_x') === -1 ? s : s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}
