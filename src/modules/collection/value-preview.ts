// Error reports (batch page, error CSV/XLSX, `import --json`, JSON batch answers) echo a submitted
// value so the clerk can find it, but never all of a 5 MB cell: the first VALUE_PREVIEW_CHARS
// characters and the whole length. The whole value stays in the original file.
export const VALUE_PREVIEW_CHARS = 200;

export function previewValue(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value.length <= VALUE_PREVIEW_CHARS) return value; // code points ≤ UTF-16 units
  let end = 0;
  let shown = 0;
  while (end < value.length && shown < VALUE_PREVIEW_CHARS) {
    end += isHighSurrogate(value.charCodeAt(end)) && end + 1 < value.length ? 2 : 1;
    shown++;
  }
  if (end >= value.length) return value;
  const total = codePoints(value);
  return `${value.slice(0, end)}…（共 ${total} 个字符，仅显示前 ${VALUE_PREVIEW_CHARS} 个 ${total} characters, the first ${VALUE_PREVIEW_CHARS} shown）`;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (!(isHighSurrogate(s.charCodeAt(i)) && i + 1 < s.length)) n++;
  return n;
}
