// A county virtual platform's section of the portal (GET /api/v1/public/counties[/CODE]), typed from the server's schema.
import { requestJson } from '../../shared/api.ts';
import type { PublicCounty } from '../../../../src/modules/counties/counties.schemas.ts';

export type { PublicCounty };
export type PublicCountyItem = { region: string; name: string; label: string; city: string | null };

const get = <T,>(url: string, signal?: AbortSignal) => requestJson<T>((input, init) => fetch(input, init), url, signal);
export const getCounties = (signal?: AbortSignal) => get<{ items: PublicCountyItem[] }>('/api/v1/public/counties', signal);
export const getCounty = (code: string, signal?: AbortSignal) => get<PublicCounty>(`/api/v1/public/counties/${encodeURIComponent(code)}`, signal);
