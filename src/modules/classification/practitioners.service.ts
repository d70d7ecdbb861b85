// Practitioners of a key occupational group (职业信用, 冀政办字〔2017〕91号 二(三)) with their grades:
// staff of the occupation's competent department (catalog/codelists/occupations.json
// competentKinds) list the persons whose current records name the occupation, optionally of one
// grade. Persons' grades are non-public personal data: purpose and matter are required and the read
// is audited (personal-data.read) before anything is read.
import type { Platform } from '../../platform.ts';
import { auditRead, type Actor } from '../../kernel/audit.ts';
import { forbidden, notFound } from '../../kernel/errors.ts';
import type { Principal } from '../access/auth.ts';
import { findActingDepartment } from '../access/scope.service.ts';
import { findOccupation, occupationFieldOf, occupationList, type OccupationEntry } from '../catalog/catalog.codelists.ts';
import { modelInForce } from './classification.rules.ts';
import { practitionerRows } from '../collection/records.store.ts';
import { subjectsByIds } from '../subjects/subjects.store.ts';
import * as store from './classification.store.ts';
import type { OccupationsBody, PractitionersPage } from './classification.schemas.ts';

export type PractitionersQuery = { occupation: string; grade?: string; purpose: string; matterRef: string; page: number; pageSize: number };

// Only staff (or systems) of a department of one of the occupation's competent kinds.
export async function assertCompetentFor(p: Platform, who: Principal, occupation: OccupationEntry): Promise<void> {
  const dep = await findActingDepartment(p.db, who);
  if (dep && dep.kinds.some((k) => occupation.competentKinds.includes(k))) return;
  throw forbidden(
    'OCCUPATION_NOT_COMPETENT',
    `只有${occupation.name}的主管部门（部门类别：${occupation.competentKinds.join('、')}）可以查看其从业人员`,
    `Only departments of kind ${occupation.competentKinds.join('/')} supervise ${occupation.code} and may list its practitioners`,
  );
}

export async function practitionersOf(p: Platform, who: Principal, actor: Actor, q: PractitionersQuery): Promise<PractitionersPage> {
  const occupation = findOccupation(q.occupation);
  if (!occupation) throw notFound('OCCUPATION_UNKNOWN', `职业 ${q.occupation} 不在重点职业人群代码表中`, `Occupation ${q.occupation} is not in the list of key occupational groups`);
  await assertCompetentFor(p, who, occupation);
  await p.db.tx((tx) =>
    auditRead(tx, actor, ['classification', 'occupation'], `occupation:${occupation.code}`, `${q.purpose.trim()} ${q.matterRef.trim()}`.trim(), {}, { grade: q.grade ?? null }),
  );
  // categories carrying an occupation field; today one field code per category
  const byField = new Map<string, { categories: string[]; cert: string | null }>();
  for (const def of p.catalog.all()) {
    const field = occupationFieldOf(def);
    if (!field) continue;
    const cert = def.fields.some((f) => f.code === 'CERT_NO') ? 'CERT_NO' : null;
    const g = byField.get(`${field}|${cert}`) ?? { categories: [], cert };
    g.categories.push(def.code);
    byField.set(`${field}|${cert}`, g);
  }
  const merged = new Map<number, { certificates: string[]; records: number }>();
  for (const [key, g] of byField) {
    for (const r of await practitionerRows(p.db, g.categories, key.split('|')[0]!, g.cert, occupation.name)) {
      const m = merged.get(r.subjectId) ?? { certificates: [], records: 0 };
      for (const c of r.certificates) if (!m.certificates.includes(c)) m.certificates.push(c);
      m.records += r.records;
      merged.set(r.subjectId, m);
    }
  }
  const subjects = await subjectsByIds(p.db, [...merged.keys()]);
  const persons = [...merged.keys()].filter((id) => subjects.get(id)?.kind === 'person');
  const grades = await store.gradesOf(p.db, persons);
  const matching = q.grade === undefined ? persons : persons.filter((id) => grades.get(id)?.grade === q.grade);
  const pageIds = matching.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  return {
    occupation: { code: occupation.code, name: occupation.name, gbt6565: occupation.gbt6565 },
    items: pageIds.map((id) => {
      const s = subjects.get(id)!;
      const g = grades.get(id);
      const m = merged.get(id)!;
      return {
        subject: { id: s.publicId, name: s.name, maskedId: s.idMasked },
        certificates: m.certificates,
        records: m.records,
        grade: g?.grade ?? null,
        score: g ? g.score : null,
        keySupervision: g ? g.keySupervision : null,
      };
    }),
    total: matching.length,
    page: q.page,
    pageSize: q.pageSize,
  };
}

// The groups, those the caller's department supervises marked, and the person model's bands.
export async function occupationsFor(p: Platform, who: Principal): Promise<OccupationsBody> {
  const dep = await findActingDepartment(p.db, who);
  const entry = modelInForce(p.modules.classification.entries, p.today());
  return {
    occupations: occupationList().entries.map((o) => ({ code: o.code, name: o.name, gbt6565: o.gbt6565, competent: !!dep && dep.kinds.some((k) => o.competentKinds.includes(k)) })),
    grades: entry.models.person.grades.map((g) => ({ code: g.code, name: g.name })),
  };
}
