// Typed client for the work portal's classification pages (/api/v1/classification): practitioners
// of a key occupational group by grade, and organizations' grades per city for the dashboard.
import { buildQuery } from '../../shared/api.ts';
import { API, sendJson } from '../api.ts';
// The wire types come from the server's route schemas (type-only imports, erased by Vite).
import type { DistributionBody, OccupationsBody, PractitionersPage } from '../../../../src/modules/classification/classification.schemas.ts';

export type { DistributionBody, OccupationsBody, PractitionersPage };
export type PractitionersQuery = { occupation: string; grade?: string; purpose: string; matterRef: string };

const get = <T,>(url: string, signal?: AbortSignal) => sendJson<T>((i, init) => fetch(i, init), 'GET', url, undefined, signal);

export const classificationApi = {
  occupations: (signal?: AbortSignal) => get<OccupationsBody>(`${API}/classification/occupations`, signal),
  practitioners: (q: PractitionersQuery, page: number, pageSize: number, signal?: AbortSignal) =>
    get<PractitionersPage>(
      `${API}/classification/occupations/${encodeURIComponent(q.occupation)}/practitioners${buildQuery({ grade: q.grade || undefined, purpose: q.purpose, matterRef: q.matterRef, page, pageSize })}`,
      signal,
    ),
  distribution: (signal?: AbortSignal) => get<DistributionBody>(`${API}/classification/distribution`, signal),
};
