// Chart colours of a subject's categories: licences green, penalties volcano, black lists dark
// red, red lists (commendations) cyan; a category of unknown kind gets a stable spare colour.
import type { SubjectCategory } from '../../shared/api.ts';

const BY_KIND: Record<SubjectCategory['kind'], string> = { license: '#389e0d', penalty: '#d4380d', black: '#a8071a', red: '#08979c' };
const SPARE = ['#1677ff', '#722ed1', '#13c2c2', '#eb2f96'];

export function categoryColor(kind: SubjectCategory['kind'] | undefined, code: string): string {
  if (kind) return BY_KIND[kind];
  let h = 0;
  for (const ch of code) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return SPARE[h % SPARE.length]!;
}
