// SQL of county virtual platforms (migration 0029). The table belongs to this module alone.
import type { Db } from '../../kernel/db.ts';

export type CountyPlatform = { regionCode: string; name: string; cityCode: string; enabledAt: Date; enabledBy: string; disabledAt: Date | null; disabledBy: string | null };

const COLS = `region_code AS "regionCode", name, city_code AS "cityCode", enabled_at AS "enabledAt", enabled_by AS "enabledBy", disabled_at AS "disabledAt", disabled_by AS "disabledBy"`;

export async function findCountyPlatform(db: Db, code: string, forUpdate = false): Promise<CountyPlatform | undefined> {
  return db.one<CountyPlatform>(`SELECT ${COLS} FROM county_platform WHERE region_code = $1${forUpdate ? ' FOR UPDATE' : ''}`, [code]);
}

export async function listCountyPlatforms(db: Db): Promise<CountyPlatform[]> {
  return db.query<CountyPlatform>(`SELECT ${COLS} FROM county_platform ORDER BY region_code`);
}

// Inserts the county enabled, or enables it again (a disabled one keeps its row).
export async function upsertEnabled(tx: Db, c: { regionCode: string; name: string; cityCode: string; by: string; at: Date }): Promise<CountyPlatform> {
  return (await tx.one<CountyPlatform>(
    `INSERT INTO county_platform (region_code, name, city_code, enabled_at, enabled_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (region_code) DO UPDATE SET enabled_at = EXCLUDED.enabled_at, enabled_by = EXCLUDED.enabled_by, disabled_at = NULL, disabled_by = NULL
     RETURNING ${COLS}`,
    [c.regionCode, c.name, c.cityCode, c.at, c.by],
  ))!;
}

export async function markDisabled(tx: Db, code: string, by: string, at: Date): Promise<CountyPlatform> {
  return (await tx.one<CountyPlatform>(`UPDATE county_platform SET disabled_at = $2, disabled_by = $3 WHERE region_code = $1 RETURNING ${COLS}`, [code, at, by]))!;
}
