// Codes arrive from Excel sheets, web forms and Chinese IMEs: strip the padding and full-width
// forms people paste, but keep inner characters, so a stray inner space still fails visibly.
const EDGE_SPACE = /^[\s\u200B]+|[\s\u200B]+$/g; // \s covers U+3000, NBSP, BOM
const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/g;
const LOWER_LATIN = /[a-z]+/g;

export function normalizeCode(raw: string): string {
  return raw
    .replace(FULL_WIDTH_ASCII, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(EDGE_SPACE, '')
    // only ASCII letters: toUpperCase on the whole string would also touch e.g. 'ß'
    .replace(LOWER_LATIN, (s) => s.toUpperCase());
}
