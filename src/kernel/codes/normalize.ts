// Codes arrive from Excel sheets, web forms and Chinese IMEs: strip the padding and full-width
// forms people paste, but keep inner characters, so a stray inner space still fails visibly.
const EDGE_SPACE = /^[\s\u200B]+|[\s\u200B]+$/g; // \s covers U+3000, NBSP, BOM
const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/g;
const LOWER_LATIN = /[a-z]+/g;

// Anything normalizeCode would change (or an inner space, which it keeps: the slow path is exact).
const MAY_CHANGE = /[\uFF01-\uFF5E\s\u200Ba-z]/;

export function normalizeCode(raw: string): string {
  // most codes in a file are already clean: three regex replacements each for nothing (decision 0044)
  if (!MAY_CHANGE.test(raw)) return raw;
  return raw
    .replace(FULL_WIDTH_ASCII, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(EDGE_SPACE, '')
    // only ASCII letters: toUpperCase on the whole string would also touch e.g. 'ß'
    .replace(LOWER_LATIN, (s) => s.toUpperCase());
}
