// County virtual platforms (县级虚拟平台, issue 11): which counties a node may host. Pure: the
// node's role and region are parameters. A county lives on the node whose region contains it
// (its city's node; a province node in a single installation hosts every Hebei county).
import { REGIONS, findRegion, regionAncestors, type Region } from '../../kernel/codes/region.ts';

export type NodeRole = 'province' | 'city' | 'national';
export type CountyViolation = { code: string; zh: string; en: string };

// Whether `code` is `node` or a region inside it (virtual regions such as 雄安 included).
export const regionInside = (node: string, code: string): boolean => code === node || regionAncestors(code).includes(node);

// The county, or why this node may not host it.
export function checkCounty(node: { role: NodeRole; region: string }, raw: string): { ok: true; county: Region } | { ok: false; error: CountyViolation } {
  const code = raw.trim();
  if (!/^\d{6}$/.test(code)) return { ok: false, error: { code: 'COUNTY_CODE_INVALID', zh: `区划代码 ${raw} 应为 6 位数字（GB/T 2260）`, en: `Region code ${raw} must be 6 digits (GB/T 2260)` } };
  const region = findRegion(code);
  if (!region) return { ok: false, error: { code: 'REGION_UNKNOWN', zh: `行政区划代码 ${code} 不是河北省的区划`, en: `Region code ${code} is not a Hebei region` } };
  if (region.level !== 'county')
    return { ok: false, error: { code: 'COUNTY_NOT_COUNTY', zh: `${region.name}（${code}）不是县级区划，只有县（市、区）可开设县级虚拟平台`, en: `${code} is not a county-level region; only counties get a county virtual platform` } };
  if (node.role === 'national' || !regionInside(node.region, code))
    return {
      ok: false,
      error: { code: 'COUNTY_OUTSIDE_NODE', zh: `${region.name}（${code}）不在本节点 ${node.region} 的辖区内，应在其所属市的节点开设`, en: `County ${code} is not inside this node's region ${node.region}; enable it on its city's node` },
    };
  return { ok: true, county: region };
}

// Every county this node may host, in code order.
export function countiesOfNode(node: { role: NodeRole; region: string }): Region[] {
  if (node.role === 'national') return [];
  return REGIONS.filter((r) => r.level === 'county' && regionInside(node.region, r.code)).sort((a, b) => a.code.localeCompare(b.code));
}
