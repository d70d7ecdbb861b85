// The pure decisions of collection: what a row's new version is (or that it is unchanged), which
// statuses a correction keeps, how outcomes count, when a record is late, how long a list entry
// runs, what is sealed, and whom an organization's record names as legal representative. No I/O,
// no clock: the day of receipt and the due day are parameters.
import { compareDates, type DateStr } from '../../kernel/dates.ts';
import { maskIdNumber, parseIdType, upgradeIdNumber15 } from '../../kernel/codes/id-number.ts';
import type { CategoryDef, FieldError, SubjectIdentity, ValidRecord } from '../catalog/catalog.types.ts';
import { listTermEnd } from '../catalog/catalog.rules.ts';

export type RowStatus = 'created' | 'updated' | 'unchanged' | 'rejected';
export type RowOutcome = { row: number; status: RowStatus; ref?: string; recordId?: string; version?: number; errors?: FieldError[] };
export type Counts = { rows: number; created: number; updated: number; unchanged: number; rejected: number };

export function countOutcomes(outcomes: readonly RowOutcome[]): Counts {
  const c: Counts = { rows: outcomes.length, created: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const o of outcomes) c[o.status] += 1;
  return c;
}

// --- versions ---------------------------------------------------------------------------------

// statuses a record keeps through later versions (0003: records are versions; rights: repair, revoke)
const STICKY_STATUSES: ReadonlySet<string> = new Set(['exited', 'repaired', 'revoked']);

export type StatusState = { status: string; statusOn: string | null; statusReason: string | null };
export const ACTIVE: StatusState = Object.freeze({ status: 'active', statusOn: null, statusReason: null });

// The newest version of a ref as known (on file, or written earlier in the same chunk).
export type VersionState = { hash: string; version: number; status: StatusState };

export type VersionStep =
  | { kind: 'unchanged'; version: number }
  // `sticky`: the kept status takes the record out of the public view (no publication window)
  | { kind: 'new'; version: number; status: StatusState; sticky: boolean };

// A row for a ref: unchanged when its content hash is the newest version's, else the next version.
// A correction of an exited, repaired or revoked record keeps that status (re-entry is a new
// entry with its own 文书号) and stays out of the public view.
export function nextVersion(prior: VersionState | undefined, hash: string): VersionStep {
  if (prior && prior.hash === hash) return { kind: 'unchanged', version: prior.version };
  const status = prior && STICKY_STATUSES.has(prior.status.status) ? prior.status : ACTIVE;
  return { kind: 'new', version: (prior?.version ?? 0) + 1, status, sticky: status.status !== 'active' };
}

// --- what one valid row becomes -----------------------------------------------------------------

// Late: received after the working-day due date the timeliness rule gives its decision date.
export function isLate(received: DateStr, due: DateStr): boolean {
  return compareDates(received, due) > 0;
}

// A list entry stays on its list until its term end; other records keep what they were given.
export function validUntilOf(def: CategoryDef, rec: ValidRecord): DateStr | undefined {
  return def.list ? listTermEnd(def.list, rec.decisionDate, rec.validUntil) : rec.validUntil;
}

// Stored fields: public ones as given, masked ones masked; the clear text of masked ones goes
// into `sealed` (encrypted by the caller). Empty values are left out.
export function splitFields(fields: Record<string, string | null>, masked: ReadonlySet<string>): { publicFields: Record<string, string>; sealed?: Record<string, string> } {
  const publicFields: Record<string, string> = {};
  let sealed: Record<string, string> | undefined;
  for (const code in fields) {
    const value = fields[code];
    if (value === null || value === undefined || value === '') continue;
    if (masked.has(code)) {
      (sealed ??= {})[code] = value;
      publicFields[code] = maskIdNumber(value);
    } else publicFields[code] = value;
  }
  return sealed ? { publicFields, sealed } : { publicFields };
}

// The person an organization's record names as legal representative, when it gives their
// document number: they get the organization's serious records in their credit file.
export function legalRepOf(def: CategoryDef, rec: ValidRecord): SubjectIdentity | undefined {
  const lr = def.subjectFields.legalRep;
  if (!lr?.idNumber || rec.subject.kind === 'person') return undefined;
  const name = rec.fields[lr.name];
  const idNumber = rec.fields[lr.idNumber];
  if (!name || !idNumber) return undefined;
  const idType = parseIdType((lr.idType && rec.fields[lr.idType]) || '居民身份证');
  if (!idType) return undefined;
  return { kind: 'person', name, idType, idNumber: idType === 'id_card' && /^\d{15}$/.test(idNumber) ? upgradeIdNumber15(idNumber) : idNumber };
}
