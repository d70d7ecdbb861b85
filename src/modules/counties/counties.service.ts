// County virtual platforms (县级虚拟平台, issue 11; docs/exchange.md "Counties"): a county is a
// section of its city's node, not an installation. Its departments (region code of the county),
// its staff (region roles scoped to the county) and its records already live on the city node and
// travel upward with the county as their origin; enabling the county gives it a public portal
// entry (/county/CODE) and a dashboard scope (monitoring). Enable and disable are audited.
import type { Platform } from '../../platform.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { badRequest, notFound } from '../../kernel/errors.ts';
import { findRegion, regionLabel } from '../../kernel/codes/region.ts';
import type { Db } from '../../kernel/db.ts';
import { listDepartments } from '../access/departments.store.ts';
import { computeRegionStatistics } from '../statistics/statistics.service.ts';
import { checkCounty, countiesOfNode } from './counties.rules.ts';
import * as store from './counties.store.ts';
import type { CountyState, CountyView, PublicCounty } from './counties.schemas.ts';

const iso = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString());

// The county, or 400 naming why this node may not host it (checked before the caller's scope).
// `field` names the parameter that carried the code, for callers where it is not the obvious one.
export function getHostableCounty(p: Platform, code: string, field?: string) {
  const c = checkCounty(p.config.node, code);
  if (!c.ok) throw badRequest(c.error.code, field ? `参数 ${field}：${c.error.zh}` : c.error.zh, field ? `Parameter ${field}: ${c.error.en}` : c.error.en);
  return c.county;
}

// The city-level region a county is grouped under: its prefecture (雄安's counties: 保定).
const cityOf = (code: string) => findRegion(code)?.parent ?? null;

function present(code: string, row: store.CountyPlatform | undefined, departments: number): CountyView {
  const region = findRegion(code)!;
  return {
    region: code,
    name: region.name,
    label: regionLabel(code),
    city: cityOf(code),
    state: !row ? 'none' : row.disabledAt ? 'disabled' : 'enabled',
    enabledAt: iso(row?.enabledAt),
    enabledBy: row?.enabledBy ?? null,
    disabledAt: iso(row?.disabledAt),
    departments,
    portalPath: `/county/${code}`,
    dashboardPath: `/work/monitoring/dashboard?county=${code}`,
  };
}

async function activeDepartmentCounts(db: Db): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const d of await listDepartments(db)) if (d.active) counts.set(d.regionCode, (counts.get(d.regionCode) ?? 0) + 1);
  return counts;
}

// Enables a county on this node; enabling an enabled county changes nothing (created: false).
export async function enableCounty(p: Platform, actor: Actor, code: string): Promise<{ county: CountyView; changed: boolean }> {
  const region = getHostableCounty(p, code);
  const counts = await activeDepartmentCounts(p.db);
  return p.db.tx(async (tx) => {
    const existing = await store.findCountyPlatform(tx, region.code, true);
    if (existing && !existing.disabledAt) return { county: present(region.code, existing, counts.get(region.code) ?? 0), changed: false };
    const row = await store.upsertEnabled(tx, { regionCode: region.code, name: region.name, cityCode: cityOf(region.code) ?? '', by: actor.id, at: p.now() });
    await writeAudit(tx, actor, 'county.enable', `county:${region.code}`, { name: region.name, again: existing !== undefined });
    return { county: present(region.code, row, counts.get(region.code) ?? 0), changed: true };
  });
}

// Disables a county's portal entry and dashboard scope; its departments, staff and records stay
// (they belong to the city node). Disabling a county that is not enabled changes nothing.
export async function disableCounty(p: Platform, actor: Actor, code: string): Promise<{ county: CountyView; changed: boolean }> {
  const region = getHostableCounty(p, code);
  const counts = await activeDepartmentCounts(p.db);
  return p.db.tx(async (tx) => {
    const existing = await store.findCountyPlatform(tx, region.code, true);
    if (!existing || existing.disabledAt) return { county: present(region.code, existing, counts.get(region.code) ?? 0), changed: false };
    const row = await store.markDisabled(tx, region.code, actor.id, p.now());
    await writeAudit(tx, actor, 'county.disable', `county:${region.code}`, { name: region.name });
    return { county: present(region.code, row, counts.get(region.code) ?? 0), changed: true };
  });
}

// Every county this node may host with its state; `mayRead` narrows to the caller's region.
export async function listCounties(p: Platform, o: { state?: CountyState; mayRead?: (code: string) => boolean } = {}): Promise<CountyView[]> {
  const rows = new Map((await store.listCountyPlatforms(p.db)).map((r) => [r.regionCode, r]));
  const counts = await activeDepartmentCounts(p.db);
  return countiesOfNode(p.config.node)
    .filter((r) => !o.mayRead || o.mayRead(r.code))
    .map((r) => present(r.code, rows.get(r.code), counts.get(r.code) ?? 0))
    .filter((c) => !o.state || c.state === o.state);
}

// Whether a county has an enabled virtual platform on this node.
export async function isCountyEnabled(db: Db, code: string): Promise<boolean> {
  const row = await store.findCountyPlatform(db, code);
  return row !== undefined && row.disabledAt === null;
}

export async function assertCountyEnabled(db: Db, code: string): Promise<void> {
  if (!(await isCountyEnabled(db, code)))
    throw notFound('COUNTY_NOT_ENABLED', `${findRegion(code)?.name ?? code}（${code}）未开设县级虚拟平台`, `County ${code} has no county virtual platform on this node`);
}

// The county's section of the public portal: its name, its departments (names only: who publishes)
// and its public statistics. Only an enabled county has one.
export async function countyPortal(p: Platform, code: string): Promise<PublicCounty> {
  getHostableCounty(p, code, 'code'); // an unknown code or a city is a bad request, not "not enabled"
  await assertCountyEnabled(p.db, code);
  const region = findRegion(code)!;
  const departments = (await listDepartments(p.db)).filter((d) => d.active && d.regionCode === code).map((d) => ({ name: d.name }));
  return { region: code, name: region.name, label: regionLabel(code), city: cityOf(code), departments, statistics: await computeRegionStatistics(p, code) };
}
