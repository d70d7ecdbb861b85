// Versions the catalog files in the database: a changed definition must carry a new version,
// and records keep pointing at the version they were validated against.
import type { Db } from '../../kernel/db.ts';
import { notFound } from '../../kernel/errors.ts';
import type { CategoryDef } from './catalog.types.ts';
import { catalogHash } from './catalog.load.ts';

export type Catalog = {
  get(code: string): CategoryDef; // throws CATEGORY_UNKNOWN
  find(code: string): CategoryDef | undefined;
  all(): CategoryDef[];
};

export async function syncCatalog(db: Db, defs: readonly CategoryDef[]): Promise<Catalog> {
  await db.tx(async (tx) => {
    for (const def of defs) {
      const hash = catalogHash(def);
      const existing = await tx.one<{ hash: string }>('SELECT hash FROM catalog_category WHERE code = $1 AND version = $2', [def.code, def.version]);
      if (existing && existing.hash !== hash)
        throw new Error(`catalog/${def.code}.json changed but its version is still ${def.version}: bump "version" so records keep their definition`);
      if (!existing)
        await tx.query('INSERT INTO catalog_category (code, version, hash, name, definition) VALUES ($1, $2, $3, $4, $5)', [
          def.code,
          def.version,
          hash,
          def.name,
          JSON.stringify(def),
        ]);
    }
  });
  const byCode = new Map(defs.map((d) => [d.code as string, d]));
  return {
    find: (code) => byCode.get(code),
    get(code) {
      const def = byCode.get(code);
      if (!def)
        throw notFound('CATEGORY_UNKNOWN', `未知信息类别 ${code}，可用：${[...byCode.keys()].join('、')}`, `Unknown category ${code}; available: ${[...byCode.keys()].join(', ')}`);
      return def;
    },
    all: () => [...byCode.values()],
  };
}
