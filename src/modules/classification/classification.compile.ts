// The classification model compiled to SQL (decisions/0036): the same grading as gradeSubject
// (classification.rules.ts, the reference), set-based over a page of subjects, so a full run or a
// drain batch is one statement that reads the files, grades and writes. Pure: model in, SQL text
// out; the model's values are quoted into the text (they are validated data, not user input), the
// day of grading is a parameter. Every rule below mirrors a line of classification.rules.ts; the
// equality of both is tested on a varied data set on both databases (classification-sql.test.ts).
import { createHash } from 'node:crypto';
import type { ClassificationModel, Condition, Indicator, KeySupervisionRule, SubjectModel } from './classification.rules.ts';

export type ListCategories = { red: readonly string[]; black: readonly string[] };

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const arr = (xs: readonly string[]) => (xs.length ? `ARRAY[${xs.map(lit).join(', ')}]::text[]` : `'{}'::text[]`);
const num = (n: number) => {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return `(${String(n)})::numeric`;
};

// The stored keyword tags of records (record.kw_tags, decision 0042): bit j is domain j's words
// found in one of the keyword fields. The key names the fields and words (not the windows or
// categories, which grading tests itself), so a model whose words change retags. Null: the model
// has no words to tag (or more domains than bits).
export function keywordTagKey(ks: KeySupervisionRule): string | null {
  if (ks.keywordFields.length === 0 || ks.domains.length > 62 || ks.domains.every((d) => d.keywords.length === 0)) return null;
  const text = JSON.stringify({ f: ks.keywordFields, d: ks.domains.map((d) => d.keywords) });
  return `kw1-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

// The mask of a record `r` (its fields jsonb): what tagKeywordDomains stores under keywordTagKey.
export function keywordTagSql(ks: KeySupervisionRule): string {
  const parts = ks.domains.flatMap((d, j) =>
    d.keywords.length ? [`CASE WHEN ${d.keywords.flatMap((w) => ks.keywordFields.map((f) => `strpos(r.fields->>${lit(f)}, ${lit(w)}) > 0`)).join(' OR ')} THEN ${2 ** j}::bigint ELSE 0::bigint END`] : [],
  );
  return parts.length ? `(${parts.join(' + ')})` : '0::bigint';
}

export type CompiledGrading = {
  // CTEs, to follow `WITH gs AS (…id, kind…),` : they define `i` (subject_id, scope, grade, score,
  // insufficient, key_supervision, explanation, next_review_on), one row per subject of gs
  ctes: string;
};

// explain: build the stored explanation (each indicator's points with its record ids, the
// 重点监管对象 domains with theirs). A full run grades without it (decision 0043): `explanation`
// is NULL and the counts per test are all the aggregate keeps; the explanation is built for one
// subject when it is read (classification.service.ts explanationFor), by this model with explain.
export type CompileOptions = { explain: boolean; parallel?: boolean };

// recordsOf(kwWhen): the record relation of gs's subjects (collection's gradingRecordsSql('gs',
// fields, kwWhen)), its keyword fields read only where kwWhen holds; today: a SQL expression of
// the day of grading (a parameter).
export function compileGrading(entry: ClassificationModel, lists: ListCategories, recordsOf: (kwWhen: string) => string, today: string, opts: CompileOptions = { explain: true }): CompiledGrading {
  const explain = opts.explain;
  const parallel = !!opts.parallel;
  if (parallel && explain) throw new Error('the parallel form builds no explanation');
  // the relation the aggregate reads: rm (record id, day, term end, test mask) or, in the parallel
  // form, the records themselves (rr)
  const R = parallel ? 'rr' : 'rm';
  const T = `(${today})::date`;
  const ks = entry.keySupervision;
  const months = new Set<number>();
  for (const scope of ['organization', 'person'] as const) for (const i of entry.models[scope].indicators) if (i.withinMonths) months.add(i.withinMonths);
  for (const d of ks.domains) months.add(d.withinMonths);
  // keyword domains look only at records that can count: active, not 轻微, and a list entry or
  // decided within the longest domain window (three days' margin for month ends)
  const longest = Math.max(0, ...ks.domains.map((d) => d.withinMonths));
  // a record tagged under this model's words (record.kw_tags) is not searched: its fields are not read
  const tagKey = keywordTagKey(ks);
  const recordsSql = recordsOf(
    `r.status = 'active' AND r.severity IS DISTINCT FROM 'light' AND (r.decision_date >= (${T} - make_interval(months => ${longest}))::date - 3 OR r.category = ANY(${arr([...lists.black, ...lists.red])}))${
      tagKey ? ` AND r.kw_model IS DISTINCT FROM ${lit(tagKey)}` : ''
    }`,
  );

  // per record, computed once (subqueries behind OFFSET 0 are not flattened, so the list kind, the
  // joined keyword fields and the mask are each evaluated once per record; streamed into the
  // aggregate, not materialized as CTEs were before decision 0043): its list kind and the tests
  const joinable = ks.keywordFields.length > 0 && ks.domains.every((d) => d.keywords.every((w) => w.length > 0 && !w.includes('\x01')));
  const rrCols = [
    `r.*`,
    `CASE WHEN r.category = ANY(${arr(lists.black)}) THEN 'black' WHEN r.category = ANY(${arr(lists.red)}) THEN 'red' END AS lk`,
    // the keyword fields joined by a character no keyword holds: a word found in the joined text
    // is found in one field (it cannot span the separator), so one search per word, not per field
    ...(joinable ? [`concat_ws(E'\\x01', ${ks.keywordFields.map((_, f) => `r.kw${f}`).join(', ')}) AS kw`] : []),
  ];
  // "decided within the last m months" is d <= T <= d + m months (clamped at month ends, as
  // addMonths). d + m months never decreases with d, so the days that count are d >= lo(m): the
  // first day whose end reaches T, a constant of the statement (decision 0043: no window end is
  // computed per record). With c = T - m months: c itself when c + m months is T, else (c was
  // clamped to a month's last day, and c + m months falls before T) the day after c.
  const lo = (m: number) => {
    const c = `(${T} - make_interval(months => ${m}))::date`;
    return `(CASE WHEN (${c} + make_interval(months => ${m}))::date >= ${T} THEN ${c} ELSE ${c} + 1 END)`;
  };
  const within = (m: number) => `(rr.d <= ${T} AND rr.d >= ${lo(m)})`;
  const inForce = `(rr.st = 'active' AND rr.d <= ${T} AND (rr.vu IS NULL OR ${T} <= rr.vu))`;
  const notCounted = `(rr.st IN ('revoked', 'repaired'))`;
  const black = `(rr.lk IS NOT DISTINCT FROM 'black')`;

  const condOf = (ind: Indicator): string | null => {
    switch (ind.type) {
      case 'list-in-force':
        return `rr.lk IS NOT DISTINCT FROM ${lit(ind.list!)} AND ${inForce}`;
      case 'penalties':
        return `rr.lk IS NULL AND NOT ${notCounted} AND rr.sev = ANY(${arr(ind.severities!)}) AND ${within(ind.withinMonths!)}`;
      case 'bad-records':
        return `NOT ${notCounted} AND (${black} OR rr.sev IN ('general', 'serious')) AND rr.d <= ${T} AND (${within(ind.withinMonths!)} OR (${black} AND ${inForce}))`;
      case 'repaired':
        return `rr.st = 'repaired' AND ${within(ind.withinMonths!)}`;
      case 'category':
        return `rr.category = ANY(${arr(ind.categories!)}) AND NOT ${notCounted} AND rr.st <> 'exited' AND ${ind.withinMonths === undefined ? `rr.d <= ${T}` : within(ind.withinMonths)}`;
      case 'years-on-file':
        return null;
    }
  };

  // each distinct test is a bit of the record's mask, evaluated once per record; the aggregates
  // per subject count and collect by bit (shared between the two models when a test is the same)
  const bits: string[] = [];
  const aggs: string[] = [];
  const aggOf = new Map<string, number>();
  const agg = (cond: string): number => {
    let k = aggOf.get(cond);
    if (k === undefined) {
      k = aggOf.size;
      if (k > 62) throw new Error('a classification model with more than 62 distinct tests');
      aggOf.set(cond, k);
      bits.push(`CASE WHEN coalesce(${cond}, false) THEN ${2 ** k}::bigint ELSE 0::bigint END`);
      // the parallel form has no mask (decision 0049): each distinct test is one aggregate's filter,
      // still evaluated once per record
      aggs.push(parallel ? `count(*) FILTER (WHERE coalesce(${cond}, false)) AS n${k}` : `count(*) FILTER (WHERE rm.m & ${2 ** k}::bigint <> 0) AS n${k}`);
    }
    return k;
  };
  const domainAgg = ks.domains.map((d) => {
    const live = `CASE WHEN rr.lk IS NOT NULL THEN ${inForce} ELSE ${within(d.withinMonths)} END`;
    const words = joinable ? d.keywords.map((w) => `strpos(rr.kw, ${lit(w)}) > 0`) : d.keywords.flatMap((w) => ks.keywordFields.map((_, f) => `strpos(rr.kw${f}, ${lit(w)}) > 0`));
    const j = ks.domains.indexOf(d);
    const found = !words.length ? null : tagKey ? `(CASE WHEN rr.kw_model = ${lit(tagKey)} THEN rr.kw_tags & ${2 ** j}::bigint <> 0 ELSE (${words.join(' OR ')}) END)` : `(${words.join(' OR ')})`;
    const hit = [d.categories.length ? `rr.category = ANY(${arr(d.categories)})` : null, found].filter(Boolean);
    return agg(`rr.st = 'active' AND rr.sev IS DISTINCT FROM 'light' AND (${live}) AND (${hit.length ? hit.join(' OR ') : 'false'})`);
  });
  const indAgg = (m: SubjectModel) => m.indicators.map((i) => { const c = condOf(i); return c === null ? -1 : agg(c); });
  const orgAgg = indAgg(entry.models.organization);
  const personAgg = indAgg(entry.models.person);
  const reviewCols = [
    `min(${R}.d) FILTER (WHERE ${R}.d > ${T}) AS rv_d`,
    `min(${R}.vu + 1) FILTER (WHERE ${R}.vu + 1 > ${T}) AS rv_v`,
    // the first window end to come (e + 1 > T, i.e. d >= lo(m)) is the end of the earliest such record's window
    ...[...months].map((m) => `min(${R}.d) FILTER (WHERE ${R}.d >= ${lo(m)}) AS rv_${m}`),
  ];
  // full years since the first record on file (fullYearsBetween): the year difference, one less
  // when the anniversary this year is still ahead (the anniversary of 29 February is 28 February)
  const yearsSql = `CASE WHEN a.first IS NULL THEN 0 ELSE GREATEST(0, (extract(year FROM ${T}) - extract(year FROM a.first))::int
      - CASE WHEN (a.first + make_interval(years => GREATEST(0, (extract(year FROM ${T}) - extract(year FROM a.first))::int)))::date > ${T} THEN 1 ELSE 0 END) END`;

  // the record ids of test k, in order, from the subject's one array of (id, mask) pairs (decision
  // 0042: one array per subject, not one per test, in the hash aggregate), only where it counted
  const idsOf = (k: number) => `CASE WHEN a.n${k} > 0 THEN ARRAY(SELECT u.id FROM unnest(a.rids, a.rms) AS u(id, m) WHERE u.m & ${2 ** k}::bigint <> 0 ORDER BY 1) END`;
  const scopeSql = (scope: 'organization' | 'person', model: SubjectModel, ks_: number[]) => {
    const name = scope === 'person' ? 'per' : 'org';
    const count = (i: number) => (model.indicators[i]!.type === 'years-on-file' ? 'a.yrs' : `a.n${ks_[i]}`);
    const clamp = (ind: Indicator, raw: string) => {
      let p = raw;
      if (ind.maxPoints !== undefined) p = `LEAST(${p}, ${num(ind.maxPoints)})`;
      if (ind.minPoints !== undefined) p = `GREATEST(${p}, ${num(ind.minPoints)})`;
      return p;
    };
    const pts = model.indicators.map((ind, i) => `${clamp(ind, `${count(i)} * ${num(ind.pointsEach)}`)} AS p${i}`);
    const countById = new Map(model.indicators.map((ind, i) => [ind.id, count(i)]));
    const holds = (c: Condition) =>
      [c.atLeast !== undefined ? `${countById.get(c.indicator) ?? '0'} >= ${num(c.atLeast)}` : null, c.atMost !== undefined ? `${countById.get(c.indicator) ?? '0'} <= ${num(c.atMost)}` : null]
        .filter(Boolean)
        .join(' AND ');
    const rule = `CASE WHEN a.n = 0 THEN NULL ${model.direct.map((d, k) => `WHEN ${d.all.map(holds).map((h) => `(${h})`).join(' AND ')} THEN ${k}`).join(' ')} END`;
    const score = `${num(model.baseScore)}${model.indicators.map((_, i) => ` + x.p${i}`).join('')}`;
    const band = `CASE ${model.bands.map((b) => `WHEN ${[b.min !== null ? `y.score >= ${num(b.min)}` : 'true', b.max !== null ? `y.score < ${num(b.max)}` : 'true'].join(' AND ')} THEN ${lit(b.grade)}`).join(' ')} END`;
    const grade = model.direct.length ? `CASE y.rule ${model.direct.map((d, k) => `WHEN ${k} THEN ${lit(d.grade)}`).join(' ')} ELSE ${band} END` : band;
    const fEntries = model.indicators.map((ind, i) => {
      const ids = ind.type === 'years-on-file' ? `'[]'::jsonb` : `coalesce(to_jsonb(y.ids${i}), '[]'::jsonb)`;
      return `CASE WHEN y.p${i} <> 0 OR y.c${i} <> 0 THEN jsonb_build_array(${lit(ind.id)}, y.p${i}, y.c${i}, ${ids}) END`;
    });
    const kEntries = ks.domains.map((d, j) => `CASE WHEN y.d${j} IS NOT NULL THEN jsonb_build_array(${lit(d.code)}, to_jsonb(y.d${j})) END`);
    const jarr = (xs: string[]) => (xs.length ? `to_jsonb(array_remove(ARRAY[${xs.join(', ')}]::jsonb[], NULL))` : `'[]'::jsonb`);
    // the first day after today the grade can change with nothing new on file (nextReviewOn)
    const mine = new Set<number>();
    for (const i of model.indicators) if (i.withinMonths) mine.add(i.withinMonths);
    for (const d of ks.domains) mine.add(d.withinMonths);
    const yearsInd = model.indicators.find((i) => i.type === 'years-on-file');
    const cap = yearsInd && yearsInd.maxPoints !== undefined && yearsInd.pointsEach > 0 ? Math.ceil(yearsInd.maxPoints / yearsInd.pointsEach) : null;
    const yearsReview = yearsInd
      ? `CASE WHEN a.first IS NOT NULL${cap !== null ? ` AND a.yrs < ${cap}` : ''} AND (a.first + make_interval(years => a.yrs + 1))::date > ${T} THEN (a.first + make_interval(years => a.yrs + 1))::date END`
      : 'NULL::date';
    const review = `LEAST(a.rv_d, a.rv_v${[...mine].map((m) => `, (a.rv_${m} + make_interval(months => ${m}))::date + 1`).join('')}, ${yearsReview})`;
    const keyAny = ks.domains.length ? ks.domains.map((_, j) => `a.n${domainAgg[j]} > 0`).join(' OR ') : 'false';
    const idCols = explain
      ? `${model.indicators.map((ind, i) => (ind.type === 'years-on-file' ? `NULL::bigint[] AS ids${i}` : `${idsOf(ks_[i]!)} AS ids${i}`)).join(', ')},
      ${ks.domains.length ? ks.domains.map((_, j) => `${idsOf(domainAgg[j]!)} AS d${j}`).join(', ') + ',' : ''}`
      : '';
    const explanation = explain
      ? `jsonb_build_object('by', CASE WHEN y.rule IS NOT NULL THEN 'direct' WHEN y.n = 0 THEN 'insufficient' ELSE 'band' END,
                         'f', ${jarr(fEntries)}, 'k', ${jarr(kEntries)})
        || CASE WHEN y.rule IS NOT NULL THEN jsonb_build_object('rule', y.rule) ELSE '{}'::jsonb END`
      : 'NULL::jsonb';
    // the same without CTEs of its own (onePass): points as p<name><i>, only where a is of this scope
    const inScope = scope === 'person' ? `a.kind = 'person'` : `a.kind <> 'person'`;
    const parts = {
      pts: model.indicators.map((ind, i) => `CASE WHEN ${inScope} THEN ${clamp(ind, `${count(i)} * ${num(ind.pointsEach)}`)} END AS p${name}${i}`),
      score: `${num(model.baseScore)}${model.indicators.map((_, i) => ` + x.p${name}${i}`).join('')}`,
      rule,
      grade,
      key: `(${keyAny})`,
      review,
    };
    return { parts, ctes: `
  ${name}_x AS (
    SELECT a.id, a.n, ${pts.join(', ')}, ${model.indicators.map((_, i) => `${count(i)} AS c${i}`).join(', ')},
      ${idCols}
      ${rule} AS rule, (${keyAny}) AS key, ${review} AS review
    FROM a WHERE ${scope === 'person' ? `a.kind = 'person'` : `a.kind <> 'person'`}),
  ${name}_y AS (SELECT x.*, ${score} AS score FROM ${name}_x x),
  ${name}_i AS (
    SELECT y.id AS subject_id, ${lit(scope)}::text AS scope, ${grade} AS grade, y.score, (y.n = 0) AS insufficient, y.key AS key_supervision,
      ${explanation} AS explanation,
      y.review AS next_review_on
    FROM ${name}_y y)` };
  };

  const org = scopeSql('organization', entry.models.organization, orgAgg);
  const per = scopeSql('person', entry.models.person, personAgg);
  // The per-subject stage. With an explanation: one chain of CTEs per scope over `a` (materialized,
  // as both read it). Without (a full run's partition, decision 0056): one pass over `a`, each
  // column the scope's expression — `a` is read once, so it is not materialized (≈ 1 M rows of
  // counts stored and read twice), and the stage is one projection over the aggregate's rows; the
  // score is computed once per subject (OFFSET 0: not copied into each band's test).
  const perSubject = explain
    ? `${org.ctes.trim()},
  ${per.ctes.trim()},
  i AS (SELECT * FROM org_i UNION ALL SELECT * FROM per_i)`
    : `i AS (
    SELECT y.id AS subject_id, CASE WHEN y.per THEN 'person' ELSE 'organization' END::text AS scope,
      CASE WHEN y.per THEN ${per.parts.grade} ELSE ${org.parts.grade} END AS grade, y.score, (y.n = 0) AS insufficient, y.key AS key_supervision,
      NULL::jsonb AS explanation, y.review AS next_review_on
    FROM (
      SELECT x.*, CASE WHEN x.per THEN ${per.parts.score} ELSE ${org.parts.score} END AS score
      FROM (
        SELECT a.id, a.n, (a.kind = 'person') AS per, ${[...org.parts.pts, ...per.parts.pts].join(', ')},
          CASE WHEN a.kind = 'person' THEN ${per.parts.rule} ELSE ${org.parts.rule} END AS rule,
          CASE WHEN a.kind = 'person' THEN ${per.parts.key} ELSE ${org.parts.key} END AS key,
          CASE WHEN a.kind = 'person' THEN ${per.parts.review} ELSE ${org.parts.review} END AS review
        FROM a) x
      OFFSET 0) y)`;
  const zero = (col: string) => (/^n\d+$/.test(col) ? `coalesce(g.${col}, 0) AS ${col}` : `g.${col}`);
  // the records behind each test, only for an explanation: the arrays are most of the aggregate's memory
  if (explain) aggs.push(`array_agg(rm.id) FILTER (WHERE rm.m <> 0) AS rids`, `array_agg(rm.m) FILTER (WHERE rm.m <> 0) AS rms`);
  const aggNames = [...aggs, ...reviewCols].map((x) => x.slice(x.lastIndexOf(' AS ') + 4));
  // The per-record stage. Default: the list kind and keyword text computed once per record behind
  // OFFSET 0, the tests as one mask per record (decision 0043 §3) — a barrier PostgreSQL never
  // plans in parallel. The parallel form (decision 0049, a full run's partition when its records are
  // tagged): no barrier, so the scan, the tests and a partial aggregate can run in parallel workers;
  // the list kind is a hash join with the model's list categories (a column, not an expression
  // copied into every test that reads it), and each test is its aggregate's filter. The keyword
  // text, where a record is untagged, is then computed once per word that reads it.
  const kinds = [...lists.black.map((c) => [c, 'black'] as const), ...lists.red.filter((c) => !lists.black.includes(c)).map((c) => [c, 'red'] as const)];
  const kindsSql = kinds.length ? `(VALUES ${kinds.map(([c, k]) => `(${lit(c)}, ${lit(k)})`).join(', ')})` : `(SELECT NULL::text, NULL::text WHERE false)`;
  const rm = parallel
    ? `
  rr AS (
    SELECT r.*, lkv.lk${joinable ? `, concat_ws(E'\\x01', ${ks.keywordFields.map((_, f) => `r.kw${f}`).join(', ')}) AS kw` : ''}
    FROM (${recordsSql}) r LEFT JOIN ${kindsSql} AS lkv(category, lk) ON lkv.category = r.category)`
    : `
  rm AS (
    SELECT rr.subject_id, rr.id, rr.d, rr.vu,
      (${bits.length ? bits.join(' + ') : '0::bigint'}) AS m
    FROM (SELECT ${rrCols.join(', ')} FROM (${recordsSql}) r OFFSET 0) rr OFFSET 0)`;
  const ctes = `${rm},
  g AS (
    SELECT ${R}.subject_id, count(*) AS n, min(${R}.d) FILTER (WHERE ${R}.d <= ${T}) AS first,
      ${[...aggs, ...reviewCols].join(',\n      ')}
    FROM ${R} GROUP BY ${R}.subject_id),
  a0 AS (
    SELECT gs.id, gs.kind, coalesce(g.n, 0) AS n, g.first, ${aggNames.map(zero).join(', ')}
    FROM gs LEFT JOIN g ON g.subject_id = gs.id),
  a AS (SELECT a0.*, ${yearsSql.replaceAll('a.first', 'a0.first')} AS yrs FROM a0),
  ${perSubject}`;
  return { ctes };
}
