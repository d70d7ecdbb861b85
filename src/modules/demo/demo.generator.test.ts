import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { checkIdNumber } from '../../kernel/codes/id-number.ts';
import { checkOrgCode } from '../../kernel/codes/org-code.ts';
import { checkRegNo } from '../../kernel/codes/reg-no.ts';
import { checkUscc, USCC_PLACEHOLDER } from '../../kernel/codes/uscc.ts';
import { toDayNumber } from '../../kernel/dates.ts';
import { DomainError } from '../../kernel/errors.ts';
import {
  createRng, demoDepartments, fenToWan, generateLicenseRows, generatePenaltyRows, generateSubjects,
  LICENSE_COLUMNS, makeIdNumber, makeOrgCode, makeRegNo, makeUscc, PENALTY_COLUMNS, rowToCsvLine,
  personAt, subjectAt, subjectSource, toCsvLine, type DemoSubject,
} from './demo.generator.ts';

const TODAY = '2026-11-20';

// ---- independent check-character implementations (not the kernel's) ----

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function usccValid(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(code[i]) * USCC_WEIGHTS[i];
  return USCC_CHARS[(31 - (sum % 31)) % 31] === code[17];
}

function orgCodeValid(code: string): boolean {
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code)) return false;
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(code[i], 36) * w[i];
  const c = 11 - (sum % 11);
  return code[8] === (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

function idNumberValid(code: string): boolean {
  if (!/^\d{17}[\dX]$/.test(code)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(code[i]) * w[i];
  return '10X98765432'[sum % 11] === code[17];
}

// ISO 7064 MOD 11,10, checked over all 15 digits: the final product must leave 1
function regNoValid(code: string): boolean {
  if (!/^\d{15}$/.test(code)) return false;
  let p = 10;
  for (let i = 0; i < 14; i++) {
    let s = (p + Number(code[i])) % 10;
    if (s === 0) s = 10;
    p = (2 * s) % 11;
  }
  return (p + Number(code[14])) % 10 === 1;
}

function assertUscc(code: string, what: string): void {
  assert.ok(usccValid(code), `${what}: USCC ${code} fails the independent check`);
  assert.ok(checkUscc(code).ok, `${what}: USCC ${code} fails checkUscc`);
  assert.ok(orgCodeValid(code.slice(8, 17)), `${what}: embedded org code of ${code} is invalid`);
  assert.ok(checkOrgCode(code.slice(8, 17)).ok, `${what}: embedded org code of ${code} fails checkOrgCode`);
}

function assertIdNumber(code: string, what: string): void {
  assert.ok(idNumberValid(code), `${what}: ID number ${code} fails the independent check`);
  assert.ok(checkIdNumber(code, TODAY).ok, `${what}: ID number ${code} fails checkIdNumber`);
}

function assertRegNo(code: string, what: string): void {
  assert.ok(regNoValid(code), `${what}: registration number ${code} fails the independent check`);
  assert.ok(checkRegNo(code).ok, `${what}: registration number ${code} fails checkRegNo`);
}

// the national field set as the catalog declares it
type CatalogField = { code: string; required: boolean; maxLength?: number; codeList?: { value: string }[]; multi?: boolean };
function catalogFields(name: string): Map<string, CatalogField> {
  const json = JSON.parse(readFileSync(new URL(`../../../catalog/${name}.json`, import.meta.url), 'utf8')) as { fields: CatalogField[] };
  return new Map(json.fields.map((f) => [f.code, f]));
}

function assertCatalogShape(row: Record<string, string>, fields: Map<string, CatalogField>, columns: readonly string[]): void {
  assert.deepEqual(Object.keys(row), [...columns]);
  for (const col of columns) {
    const v = row[col];
    assert.equal(typeof v, 'string');
    const f = fields.get(col);
    if (!f) continue;
    if (f.required) assert.notEqual(v, '', `${col} is required`);
    if (f.maxLength !== undefined) assert.ok([...v].length <= f.maxLength, `${col} longer than ${f.maxLength}: ${v}`);
    if (f.codeList && v !== '') {
      const allowed = new Set(f.codeList.map((c) => c.value));
      for (const part of f.multi ? v.split('；') : [v]) assert.ok(allowed.has(part), `${col}: '${part}' not in the code list`);
    }
  }
}

const DECIMAL = /^\d+(\.\d+)?$/;

describe('throughput (printed, not asserted)', () => {
  test('rows per second on this machine', () => {
    const departments = demoDepartments();
    const n = 100000;
    const measure = (label: string, run: () => number) => {
      const t0 = process.hrtime.bigint();
      const bytes = run();
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      console.log(`# demo ${label}: ${Math.round(n / s).toLocaleString('en')} rows/s${bytes ? `, ${(bytes / n).toFixed(0)} chars/row` : ''}`);
    };
    let subjects: DemoSubject[] = [];
    measure('subjects', () => ((subjects = [...generateSubjects(createRng(71), n)]), 0));
    measure('penalty rows', () => {
      let k = 0;
      for (const r of generatePenaltyRows(createRng(72), { subjects, count: n, departments, today: TODAY })) k += r.CF_SY.length > 0 ? 1 : 0;
      assert.equal(k, n);
      return 0;
    });
    measure('penalty rows + CSV', () => {
      let chars = 0;
      for (const r of generatePenaltyRows(createRng(72), { subjects, count: n, departments, today: TODAY })) chars += rowToCsvLine(r, PENALTY_COLUMNS).length;
      return chars;
    });
    measure('penalty rows + CSV, subject i derived per row', () => {
      let chars = 0;
      for (const r of generatePenaltyRows(createRng(72), { subjects: subjectSource(72), count: n, departments, today: TODAY })) chars += rowToCsvLine(r, PENALTY_COLUMNS).length;
      return chars;
    });
    measure('license rows + CSV', () => {
      let chars = 0;
      for (const r of generateLicenseRows(createRng(73), { subjects, count: n, departments, today: TODAY })) chars += rowToCsvLine(r, LICENSE_COLUMNS).length;
      return chars;
    });
  });
});

describe('rng', () => {
  test('same seed, same sequence; different seeds differ', () => {
    const a = createRng(123);
    const b = createRng(123);
    const c = createRng(124);
    const xs = Array.from({ length: 50 }, () => a.next());
    assert.deepEqual(Array.from({ length: 50 }, () => b.next()), xs);
    assert.notDeepEqual(Array.from({ length: 50 }, () => c.next()), xs);
    assert.notDeepEqual(Array.from({ length: 5 }, () => createRng(0).next()), Array.from({ length: 5 }, () => createRng(1).next()));
  });

  test('int covers both bounds and nothing else; next stays in [0, 1)', () => {
    const rng = createRng(9);
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const x = rng.int(3, 7);
      assert.ok(Number.isInteger(x) && x >= 3 && x <= 7);
      seen.add(x);
      const f = rng.next();
      assert.ok(f >= 0 && f < 1);
    }
    assert.deepEqual([...seen].sort(), [3, 4, 5, 6, 7]);
    assert.throws(() => rng.pick([]), RangeError);
  });
});

describe('codes', () => {
  test('makeUscc, makeOrgCode, makeIdNumber and makeRegNo give valid check characters', () => {
    const rng = createRng(5);
    const prefixes = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const org = makeUscc(rng, '130104', 'organization');
      assertUscc(org, 'makeUscc organization');
      assert.equal(org.slice(2, 8), '130104');
      prefixes.add(org.slice(0, 2));
      const ind = makeUscc(rng, '130602', 'individual_business');
      assertUscc(ind, 'makeUscc individual business');
      assert.equal(ind.slice(0, 2), '92');
      const oc = makeOrgCode(rng, i % 2 === 0 ? 'MA' : 'digits');
      assert.ok(orgCodeValid(oc) && checkOrgCode(oc).ok, `org code ${oc}`);
      const id = makeIdNumber(rng, '130102', '1960-01-01', '2000-12-31');
      assertIdNumber(id, 'makeIdNumber');
      const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
      assert.ok(birth >= '1960-01-01' && birth <= '2000-12-31', `birth ${birth} outside the range`);
      const regNo = makeRegNo(rng, '130104');
      assertRegNo(regNo, 'makeRegNo');
      assert.ok(Number(regNo[6]) >= 6, 'an individual business sequence starts with 6–9');
      assertRegNo(makeRegNo(rng, '130104', 'organization'), 'makeRegNo organization');
    }
    assert.ok(prefixes.has('91') && prefixes.size >= 3, `organization prefixes: ${[...prefixes].join(' ')}`);
  });

  test('the independent checks reject a wrong check character', () => {
    const code = makeUscc(createRng(1), '130100', 'organization');
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    assert.equal(usccValid(wrong), false);
    assert.equal(checkUscc(wrong).ok, false);
    const reg = makeRegNo(createRng(1), '130100');
    assert.equal(regNoValid(reg.slice(0, 14) + ((Number(reg[14]) + 1) % 10)), false);
  });
});

describe('departments', () => {
  test('a realistic, stable set with valid, unique codes', () => {
    const deps = demoDepartments();
    assert.ok(deps.length >= 30 && deps.length <= 45, `${deps.length} departments`);
    assert.deepEqual(demoDepartments(), deps);
    assert.equal(new Set(deps.map((d) => d.uscc)).size, deps.length);
    assert.equal(new Set(deps.map((d) => d.name)).size, deps.length);
    const kinds = new Set([
      'finance', 'public-resource-trading', 'development-reform', 'market-regulation', 'tax', 'court',
      'housing-construction', 'transport', 'culture-tourism', 'financial-regulation', 'human-resources',
      'ecology-environment', 'emergency-management', 'health',
    ]);
    const covered = new Set<string>();
    for (const d of deps) {
      assertUscc(d.uscc, d.name);
      assert.equal(d.uscc.slice(2, 8), d.regionCode);
      assert.ok(d.kinds.length > 0 && d.kinds.every((k) => kinds.has(k)), d.name);
      d.kinds.forEach((k) => covered.add(k));
      assert.ok(d.penaltyRef.includes('{n') && d.licenseRef.includes('{n'), d.name);
    }
    assert.deepEqual([...covered].sort(), [...kinds].sort(), 'every department kind has a department');
    assert.ok(deps.some((d) => d.name === '石家庄市市场监督管理局'));
    assert.ok(deps.some((d) => d.name === '河北省生态环境厅'));
  });
});

describe('subjects', () => {
  let subjects: DemoSubject[] = [];
  before(() => {
    subjects = [...generateSubjects(createRng(11), 20000)];
  });

  test('kind mix is about 70 / 20 / 10', () => {
    const share = (k: DemoSubject['kind']) => subjects.filter((s) => s.kind === k).length / subjects.length;
    assert.ok(Math.abs(share('organization') - 0.7) < 0.03, `organizations ${share('organization')}`);
    assert.ok(Math.abs(share('individual_business') - 0.2) < 0.03, `individual businesses ${share('individual_business')}`);
    assert.ok(Math.abs(share('person') - 0.1) < 0.03, `persons ${share('person')}`);
  });

  test('every code is valid and no code repeats', () => {
    const usccs = new Set<string>();
    const regNos = new Set<string>();
    const ids = new Set<string>();
    let placeholders = 0;
    for (const s of subjects) {
      assert.ok(s.name.length >= 2, `name ${s.name}`);
      assert.match(s.regionCode, /^13\d{4}$/);
      if (s.kind === 'person') {
        assert.equal(s.idType, '身份证');
        assertIdNumber(s.idNumber ?? '', s.name);
        assert.equal(s.idNumber?.slice(0, 6), s.regionCode);
        assert.ok(!ids.has(s.idNumber ?? ''), `ID number ${s.idNumber} repeats`);
        ids.add(s.idNumber ?? '');
        assert.equal(s.uscc, undefined);
        assert.match(s.name, /^[\u4e00-\u9fa5]{2,4}$/);
        continue;
      }
      assert.ok(s.legalRep && /^[\u4e00-\u9fa5]{2,4}$/.test(s.legalRep), `legal representative of ${s.name}`);
      if (s.uscc === USCC_PLACEHOLDER) {
        placeholders++;
        assert.equal(s.kind, 'individual_business');
        assert.ok(s.regNo, 'a placeholder USCC comes with a registration number');
      } else {
        assertUscc(s.uscc ?? '', s.name);
        assert.ok(!usccs.has(s.uscc ?? ''), `USCC ${s.uscc} repeats`);
        usccs.add(s.uscc ?? '');
        assert.equal(s.uscc?.slice(0, 2) === '92', s.kind === 'individual_business', `${s.name} ${s.uscc}`);
      }
      if (s.regNo) {
        assertRegNo(s.regNo, s.name);
        assert.ok(!regNos.has(s.regNo), `registration number ${s.regNo} repeats`);
        regNos.add(s.regNo);
      }
    }
    assert.ok(placeholders > 200, `${placeholders} placeholder USCCs`);
  });

  test('names look like Hebei firms and shops', () => {
    const orgs = subjects.filter((s) => s.kind === 'organization').map((s) => s.name);
    assert.ok(orgs.filter((n) => /(有限公司|有限责任公司|股份有限公司|分公司)$/.test(n)).length > orgs.length * 0.8);
    assert.ok(orgs.some((n) => n.startsWith('石家庄')) && orgs.some((n) => n.startsWith('河北')));
    assert.ok(orgs.some((n) => n.endsWith('专业合作社')) && orgs.some((n) => n.endsWith('卫生院')));
    const shops = subjects.filter((s) => s.kind === 'individual_business').map((s) => s.name);
    assert.ok(shops.some((n) => /(面馆|超市|便利店|理发店|饭店)$/.test(n)));
  });

  test('same seed, same subjects; subjectAt is deterministic and unique over i', () => {
    assert.deepEqual([...generateSubjects(createRng(11), 500)], subjects.slice(0, 500));
    assert.deepEqual(subjectAt(3, 42), subjectAt(3, 42));
    const source = subjectSource(3);
    assert.deepEqual(source(42), subjectAt(3, 42));
    const codes = new Set<string>();
    for (let i = 0; i < 20000; i++) {
      const s = source(i);
      const code = s.kind === 'person' ? s.idNumber : s.uscc === USCC_PLACEHOLDER ? s.regNo : s.uscc;
      assert.ok(code && !codes.has(code), `subject ${i}: code ${code} missing or repeated`);
      codes.add(code);
    }
  });
});

describe('penalty rows', () => {
  const departments = demoDepartments();
  const fields = catalogFields('penalty');
  let subjects: DemoSubject[] = [];
  let rows: Record<string, string>[] = [];
  before(() => {
    subjects = [...generateSubjects(createRng(21), 5000)];
    rows = [...generatePenaltyRows(createRng(22), { subjects, count: 50000, departments, today: TODAY })];
  });

  test('rows follow the national field set and the catalog', () => {
    assert.equal(rows.length, 50000);
    for (const row of rows) assertCatalogShape(row, fields, PENALTY_COLUMNS);
  });

  test('document numbers are unique per department', () => {
    const seen = new Set<string>();
    for (const r of rows) {
      const key = `${r.CF_CFJGDM}|${r.CF_WSH}`;
      assert.ok(!seen.has(key), `repeated ${r.CF_CFJG} ${r.CF_WSH}`);
      seen.add(key);
      assert.match(r.CF_WSH, /〔\d{4}〕|（\d{4}）/);
    }
  });

  test('conditionally required amounts and certificates are present, and only then', () => {
    for (const r of rows) {
      const cats = r.CF_CFLB.split('；');
      assert.ok(cats.length >= 1 && cats.length <= 2, r.CF_CFLB);
      if (cats.includes('罚款')) {
        assert.match(r.CF_NR_FK, DECIMAL);
        assert.ok(Number(r.CF_NR_FK) > 0, `fine ${r.CF_NR_FK}`);
        assert.ok(r.CF_NR.includes('罚款'), r.CF_NR);
      } else assert.equal(r.CF_NR_FK, '');
      if (cats.includes('没收违法所得') || cats.includes('没收非法财物')) {
        assert.match(r.CF_NR_WFFF, DECIMAL);
        assert.ok(Number(r.CF_NR_WFFF) > 0);
      } else assert.equal(r.CF_NR_WFFF, '');
      if (cats.includes('吊销许可证件') || cats.includes('暂扣许可证件')) {
        assert.match(r.CF_NR_ZKDX, /^.+（.+）$/);
      } else assert.equal(r.CF_NR_ZKDX, '');
    }
  });

  test('dates fall in the last three years, never after today; validity and publication end follow the decision', () => {
    const earliest = toDayNumber('2023-11-21');
    const today = toDayNumber(TODAY);
    let min = Infinity;
    let max = -Infinity;
    for (const r of rows) {
      const d = toDayNumber(r.CF_JDRQ);
      assert.ok(d >= earliest && d <= today, `decision date ${r.CF_JDRQ}`);
      min = Math.min(min, d);
      max = Math.max(max, d);
      assert.ok(r.CF_YXQ > r.CF_JDRQ, `${r.CF_YXQ} not after ${r.CF_JDRQ}`);
      assert.ok(r.CF_GSJZQ === '' || r.CF_GSJZQ >= r.CF_JDRQ);
    }
    assert.ok(min - earliest < 30 && today - max < 30, 'dates spread over the whole window');
    const short = [...generatePenaltyRows(createRng(1), { subjects, count: 2000, departments, today: TODAY, yearsBack: 1 })];
    assert.ok(short.every((r) => r.CF_JDRQ > '2025-11-20' && r.CF_JDRQ <= TODAY));
  });

  test('subjects are described consistently', () => {
    for (const r of rows) {
      if (r.CF_XDR_LB === '自然人') {
        assert.equal(r.CF_XDR_ZJLX, '身份证');
        assert.ok(idNumberValid(r.CF_XDR_ZJHM), r.CF_XDR_ZJHM);
        assert.equal(r.CF_XDR_SHXYM, '');
        assert.equal(r.CF_FRDB, '');
      } else {
        assert.ok(r.CF_XDR_SHXYM === USCC_PLACEHOLDER || usccValid(r.CF_XDR_SHXYM), r.CF_XDR_SHXYM);
        if (r.CF_XDR_SHXYM === USCC_PLACEHOLDER) assert.ok(regNoValid(r.CF_XDR_GSZC), r.CF_XDR_GSZC);
        assert.equal(r.CF_XDR_ZJHM, '');
        assert.notEqual(r.CF_FRDB, '');
      }
      assert.ok(usccValid(r.CF_CFJGDM) && usccValid(r.CF_SJLYDM));
    }
  });

  test('one domain per row: violation, facts, basis and authority fit together', () => {
    const byName = new Map(departments.map((d) => [d.name, d]));
    for (const r of rows) {
      const dept = byName.get(r.CF_CFJG);
      assert.ok(dept, `unknown authority ${r.CF_CFJG}`);
      assert.match(r.CF_YJ, /^《.+》第.+条/);
      if (r.CF_YJ.includes('食品安全法')) assert.ok(dept.kinds.includes('market-regulation'), `${r.CF_CFJG} ${r.CF_YJ}`);
      if (r.CF_YJ.includes('税收征收管理法')) assert.ok(dept.kinds.includes('tax'), `${r.CF_CFJG} ${r.CF_YJ}`);
      if (r.CF_YJ.includes('安全生产法')) assert.ok(dept.kinds.includes('emergency-management'), `${r.CF_CFJG} ${r.CF_YJ}`);
      if (r.CF_WFXW === '经营超过保质期的食品') assert.ok(r.CF_SY.includes('保质期'), r.CF_SY);
      if (r.CF_WFXW === '车辆超限运输') assert.ok(r.CF_SY.includes('冀'), 'a Hebei plate in the facts');
    }
    assert.ok(new Set(rows.map((r) => r.CF_WFXW)).size >= 50, 'dozens of violation types');
    assert.ok(new Set(rows.map((r) => r.CF_SY)).size > rows.length * 0.6, 'facts vary');
  });

  test('severity mix is about 10 / 75 / 15', () => {
    const share = (s: string) => rows.filter((r) => r.SEVERITY === s).length / rows.length;
    assert.ok(Math.abs(share('轻微') - 0.1) < 0.02, `light ${share('轻微')}`);
    assert.ok(Math.abs(share('一般') - 0.75) < 0.03, `general ${share('一般')}`);
    assert.ok(Math.abs(share('严重') - 0.15) < 0.02, `serious ${share('严重')}`);
  });

  test('same seed, same rows; another seed, other rows', () => {
    const again = [...generatePenaltyRows(createRng(22), { subjects, count: 2000, departments, today: TODAY })];
    assert.deepEqual(again, rows.slice(0, 2000));
    const other = [...generatePenaltyRows(createRng(23), { subjects, count: 2000, departments, today: TODAY })];
    assert.notDeepEqual(other, again);
    const fromFn = () => [...generatePenaltyRows(createRng(5), { subjects: subjectSource(5), count: 1000, departments, today: TODAY })];
    assert.deepEqual(fromFn(), fromFn());
  });

  test('one department at a time still gives valid rows signed by that department', () => {
    for (const dept of departments) {
      const own = [...generatePenaltyRows(createRng(31), { subjects, count: 300, departments: [dept], today: TODAY })];
      assert.equal(own.length, 300);
      const refs = new Set(own.map((r) => r.CF_WSH));
      assert.equal(refs.size, 300, `${dept.name}: repeated document numbers`);
      for (const r of own) {
        assert.equal(r.CF_CFJG, dept.name);
        assertCatalogShape(r, fields, PENALTY_COLUMNS);
      }
    }
  });

  test('bad options are refused with a coded, bilingual error', () => {
    const bad = (o: Partial<Parameters<typeof generatePenaltyRows>[1]>, code: string) => {
      assert.throws(
        () => [...generatePenaltyRows(createRng(1), { subjects, count: 1, departments, today: TODAY, ...o })],
        (e: unknown) => e instanceof DomainError && e.code === code && e.zh !== '' && e.en !== '',
      );
    };
    bad({ today: '2026-02-30' }, 'DEMO_TODAY');
    bad({ count: -1 }, 'DEMO_COUNT');
    bad({ yearsBack: 0 }, 'DEMO_YEARS_BACK');
    bad({ departments: [] }, 'DEMO_NO_DEPARTMENTS');
    bad({ subjects: [] }, 'DEMO_NO_SUBJECTS');
  });
});

describe('license rows', () => {
  const departments = demoDepartments();
  const fields = catalogFields('license');
  let subjects: DemoSubject[] = [];
  let rows: Record<string, string>[] = [];
  before(() => {
    subjects = [...generateSubjects(createRng(41), 5000)];
    rows = [...generateLicenseRows(createRng(42), { subjects, count: 20000, departments, today: TODAY })];
  });

  test('rows follow the national field set and the catalog', () => {
    for (const row of rows) assertCatalogShape(row, fields, LICENSE_COLUMNS);
    assert.ok(new Set(rows.map((r) => r.XK_XKZS)).size >= 25, 'many kinds of certificate');
  });

  test('document numbers are unique per department; license numbers fit the subject', () => {
    const seen = new Set<string>();
    for (const r of rows) {
      const key = `${r.XK_XKJGDM}|${r.XK_WSH}`;
      assert.ok(!seen.has(key), `repeated ${r.XK_XKJG} ${r.XK_WSH}`);
      seen.add(key);
      if (r.XK_XKZS === '营业执照') assert.ok([r.XK_XDR_SHXYM, r.XK_XDR_GSZC].includes(r.XK_XKBH));
      if (r.XK_XKZS === '排污许可证') assert.ok(r.XK_XKBH.startsWith(r.XK_XDR_SHXYM));
      if (r.XK_XKZS === '') assert.equal(r.XK_XKBH, r.XK_WSH);
    }
  });

  test('dates: decision in range, validity after its start, status from the end date', () => {
    const earliest = '2023-11-21';
    let indefinite = 0;
    for (const r of rows) {
      assert.ok(r.XK_JDRQ >= earliest && r.XK_JDRQ <= TODAY, r.XK_JDRQ);
      assert.ok(r.XK_YXQZ >= r.XK_JDRQ && r.XK_YXQZ <= TODAY, r.XK_YXQZ);
      assert.ok(r.XK_YXQZI >= r.XK_YXQZ, `${r.XK_YXQZI} before ${r.XK_YXQZ}`);
      assert.equal(r.XK_ZT, r.XK_YXQZI < TODAY ? '无效' : '有效');
      if (r.XK_YXQZI === '2099-12-31') indefinite++;
      toDayNumber(r.XK_YXQZI);
    }
    assert.ok(indefinite > 1000 && indefinite < rows.length, `${indefinite} indefinite`);
  });

  test('same seed, same rows', () => {
    const again = [...generateLicenseRows(createRng(42), { subjects, count: 1000, departments, today: TODAY })];
    assert.deepEqual(again, rows.slice(0, 1000));
  });

  test('one department at a time still gives valid rows', () => {
    for (const dept of departments) {
      const own = [...generateLicenseRows(createRng(51), { subjects, count: 100, departments: [dept], today: TODAY })];
      assert.equal(new Set(own.map((r) => r.XK_WSH)).size, 100);
      for (const r of own) {
        assert.equal(r.XK_XKJG, dept.name);
        assertCatalogShape(r, fields, LICENSE_COLUMNS);
      }
    }
  });
});

describe('csv', () => {
  test('RFC 4180 quoting', () => {
    assert.equal(toCsvLine(['a', 'b c', '']), 'a,b c,');
    assert.equal(toCsvLine(['x,y', 'say "hi"', 'two\nlines', 'cr\r']), '"x,y","say ""hi""","two\nlines","cr\r"');
    assert.equal(toCsvLine([]), '');
    assert.equal(rowToCsvLine({ B: '2', A: '1' }, ['A', 'B', 'C']), '1,2,');
  });

  test('generated rows survive a round trip through a CSV parser', () => {
    const subjects = [...generateSubjects(createRng(61), 200)];
    const rows = [...generatePenaltyRows(createRng(62), { subjects, count: 2000, departments: demoDepartments(), today: TODAY })];
    rows[0].BZ = '备注, with "quotes"\nand a line break';
    const text = [toCsvLine(PENALTY_COLUMNS), ...rows.map((r) => rowToCsvLine(r, PENALTY_COLUMNS))].join('\n');
    const parsed = parse(text, { columns: true }) as Record<string, string>[];
    assert.deepEqual(parsed, rows);
  });

  test('amounts in 万元 are plain decimals', () => {
    assert.equal(fenToWan(500000), '0.5');
    assert.equal(fenToWan(1000000), '1');
    assert.equal(fenToWan(1234567), '1.234567');
    assert.equal(fenToWan(1000100), '1.0001');
    assert.equal(fenToWan(5), '0.000005');
  });
});

describe('personAt (residents for the provincial-size bench data set)', () => {
  test('persons only, valid ID numbers born 1930–2008, deterministic and unique over i', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20000; i++) {
      const s = personAt(7, i);
      assert.equal(s.kind, 'person');
      assertIdNumber(s.idNumber!, `personAt(7, ${i})`);
      const birth = `${s.idNumber!.slice(6, 10)}-${s.idNumber!.slice(10, 12)}-${s.idNumber!.slice(12, 14)}`;
      assert.ok(birth >= '1930-01-01' && birth <= '2008-12-31', `birth ${birth} outside the range`);
      assert.equal(s.idNumber!.slice(0, 6), s.regionCode);
      ids.add(s.idNumber!);
    }
    assert.equal(ids.size, 20000);
    assert.deepEqual(personAt(7, 12345), personAt(7, 12345));
    assert.notDeepEqual(personAt(7, 12345), personAt(8, 12345));
  });
});
