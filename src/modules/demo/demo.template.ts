// Placeholders in the demo texts of demo/*.json: `{key}` is a value of the row's context, with
// optional steps applied in this order:
//   {regionCode[0:4]}   characters 0–3 of a text
//   {rand%16+1:2}       a number modulo 16, plus 1, the last 2 digits zero-padded ('07')
//   {year-1}            a number minus 1
//   {day|digits}        only the digits ('2026-11-20' → '20261120')
//   {rand%4|V,P,P,P}    the list element at that index
// Placeholders are filled left to right, reading each value once: the row context draws some
// values at random when read, so the order of reading is part of the output.

const PLACEHOLDER = /\{([a-zA-Z]+)(?:\[(\d+):(\d+)\])?(?:%(\d+))?(?:([+-])(\d+))?(?::(\d+))?(?:\|([^{}]+))?\}/g;

const pad = (n: number, width: number): string => String(n % 10 ** width).padStart(width, '0');

function step(m: RegExpExecArray | string[], raw: unknown): string {
  const [, , from, to, mod, sign, add, width, pipe] = m;
  let v: unknown = raw;
  if (from !== undefined) v = String(v).slice(Number(from), Number(to));
  if (mod !== undefined) v = Number(v) % Number(mod);
  if (add !== undefined) v = Number(v) + (sign === '-' ? -Number(add) : Number(add));
  if (width !== undefined) v = pad(Number(v), Number(width));
  if (pipe === 'digits') v = String(v).replace(/\D/g, '');
  else if (pipe !== undefined) v = pipe.split(',')[Number(v)];
  return String(v);
}

export function fillTemplate(template: string, ctx: object): string {
  return template.replace(PLACEHOLDER, (...m: string[]) => step(m, (ctx as Record<string, unknown>)[m[1]!]));
}

// The keys a template reads, and what in it is not a well-formed placeholder (for data checks).
export function templateProblems(template: string, keys: readonly string[]): string[] {
  const problems: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (!keys.includes(m[1]!)) problems.push(`unknown placeholder {${m[1]}}`);
    const pipe = m[8];
    if (pipe !== undefined && pipe !== 'digits' && !pipe.includes(',')) problems.push(`unknown step |${pipe}`);
  }
  const rest = template.replace(PLACEHOLDER, '');
  if (/[{}]/.test(rest)) problems.push(`malformed placeholder in "${template}"`);
  return problems;
}

// A made-up check digit, so numbers do not end in a visible sequence.
export function checkDigit(s: string): number {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += s.charCodeAt(i);
  return sum % 10;
}
