// How a record's fields are shown (public pages, a subject's own file, objections, reports, list
// entries): the catalog decides, since it knows each field's name and visibility.
import type { CategoryDef } from './catalog.types.ts';

export type ShownField = { code: string; name: string; value: string };

// Shown fields: public ones as stored, masked ones in their masked form, internal ones never.
export function presentFields(def: CategoryDef | undefined, fields: Record<string, string>): ShownField[] {
  if (!def) return [];
  return def.fields
    .filter((f) => f.visibility !== 'internal' && fields[f.code] !== undefined && fields[f.code] !== '')
    .map((f) => ({ code: f.code, name: f.name, value: fields[f.code]! }));
}
