// The per-row work of an import, apart from the database: a sheet row validated against the
// catalog and, when valid, prepared for ingestChunk (content MAC, public and sealed fields,
// subject key and sealed ID number, publication window, validity, lateness). It reads only what
// a PrepContext holds — keys, calendar and the effective-dated rules — so the same code runs on
// the importer's thread or in a worker thread of row-pool.ts (decision 0044).
import type { DateStr } from '../../kernel/dates.ts';
import type { FieldCrypto } from '../../kernel/crypto.ts';
import type { Calendar } from '../../kernel/calendar.ts';
import { ruleInForce } from '../../kernel/rules.ts';
import type { CategoryDef, CellValue, RowResult, ValidRecord } from '../catalog/catalog.types.ts';
import type { mapHeader } from '../catalog/catalog.headers.ts';
import { validateRow } from '../catalog/catalog.rows.ts';
import { publicationWindow, type PublicationRule } from '../publication/publication.rules.ts';
import { removalClock, termWithRemoval, type ListLifecycleRule } from '../catalog/list-lifecycle.rules.ts';
import { subjectRowOf, type SubjectRow } from '../subjects/subjects.rules.ts';
import { isLate, validUntilOf } from './collection.rules.ts';
import { recordTexts } from './content.ts';
import type { StagedRow } from './collection.store.ts';
import type { TimelinessRule } from '../../platform.ts';

// What preparing a row reads. `rules.publication` may be replaced between chunks (periods set by
// staff since the import began); the preparer reads it at each row.
export type PrepContext = {
  crypto: FieldCrypto;
  calendar: Pick<Calendar, 'addWorkingDays'>;
  rules: { publication: PublicationRule[]; timeliness: TimelinessRule[]; listLifecycle: ListLifecycleRule[] };
};

// A valid row with what its stored version needs, computed once: content hash, public and sealed
// fields, and the version 1 it becomes when its ref is new (active, publication window from the rules).
export type Prepared = {
  i: number;
  row: number;
  record: ValidRecord;
  subject: SubjectRow;
  hash: string;
  fresh: NonNullable<StagedRow['record']>;
};

// A row as read and validated; `prepared` when the per-row work was already done (file imports
// do it while the previous chunk is being written, so the two overlap).
export type Checked = { row: number; result: RowResult; prepared?: Prepared };

export type Preparer = (i: number, row: number, rec: ValidRecord) => Prepared;

export type SheetHeader = Pick<ReturnType<typeof mapHeader>, 'columns'>;

// One sheet row, validated and prepared for ingestChunk (the normal and the bulk import alike).
export function checkSheetRow(
  def: CategoryDef,
  header: SheetHeader,
  r: { rowNumber: number; cells: readonly (CellValue | undefined)[] },
  today: string,
  prepareRow: Preparer,
  index: number,
): Checked {
  const values: Record<string, CellValue | undefined> = {};
  const columns = header.columns;
  for (let i = 0; i < columns.length; i++) {
    const code = columns[i];
    if (code) values[code] = r.cells[i] ?? null;
  }
  const result = validateRow(def, values, today);
  return result.ok ? { row: r.rowNumber, result, prepared: prepareRow(index, r.rowNumber, result.record) } : { row: r.rowNumber, result };
}

// The per-row work for one category and day of receipt, with what it can reuse across rows.
export function createPreparer(p: PrepContext, def: CategoryDef, received: DateStr): Preparer {
  const masked = new Set(def.fields.filter((f) => f.visibility === 'masked').map((f) => f.code));
  // working-day due dates per decision date (a file has few distinct dates; bounded all the same)
  const dues = new Map<DateStr, DateStr>();
  const dueOf = (d: DateStr): DateStr => {
    let due = dues.get(d);
    if (due === undefined) {
      if (dues.size >= 20_000) dues.clear();
      dues.set(d, (due = p.calendar.addWorkingDays(d, ruleInForce(p.rules.timeliness, d).workingDays)));
    }
    return due;
  };
  return (i, row, rec) => prepare(p, def, masked, dueOf, received, i, row, rec);
}

function prepare(
  p: PrepContext,
  def: CategoryDef,
  masked: ReadonlySet<string>,
  dueOf: (d: DateStr) => DateStr,
  received: DateStr,
  i: number,
  row: number,
  rec: ValidRecord,
): Prepared {
  const { content, publicJson, sealed } = recordTexts(def, rec.subject.kind, rec.fields, masked);
  const hash = p.crypto.contentMac(content);
  // an entry marked 履行完毕 leaves its list at the removal deadline at the latest (rules/list-lifecycle.json)
  const validUntil = termWithRemoval(validUntilOf(def, rec), def.list ? removalClock(p.rules.listLifecycle, def, rec.fields, p.calendar) : undefined);
  const late = isLate(received, dueOf(rec.decisionDate));
  const sealedText = sealed ? p.crypto.encrypt(JSON.stringify(sealed)) : null;
  const window = windowOf(p, def, rec, validUntil);
  return {
    i,
    row,
    record: rec,
    subject: subjectRowOf(rec.subject, p.crypto),
    hash,
    fresh: {
      sourceRef: rec.ref,
      contentHash: hash,
      fields: publicJson,
      sealed: sealedText,
      decisionDate: rec.decisionDate,
      severity: rec.severity ?? null,
      pubFrom: window.from ?? null,
      pubUntil: window.until ?? null,
      validUntil: validUntil ?? null,
      late,
    },
  };
}

function windowOf(p: PrepContext, def: CategoryDef, rec: ValidRecord, validUntil: DateStr | undefined): { from?: DateStr; until?: DateStr } {
  return publicationWindow(p.rules.publication, {
    // a category that is not open to the public (有条件共享, 不予共享) is never published, whatever its rule
    rule: def.openness === 'public' ? def.publication.rule : 'none',
    personsPublic: def.publication.persons,
    subjectKind: rec.subject.kind,
    decisionDate: rec.decisionDate,
    severity: rec.severity,
    publicationEnd: rec.publicationEnd,
    validFrom: rec.validFrom,
    validUntil,
    licenseStatus: rec.status,
  });
}
