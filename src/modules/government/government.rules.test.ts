import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRuleFile, ruleInForce } from '../../kernel/rules.ts';
import { govRuleProblems, rankPerRegion, scoreBody, type GovEvaluationRule, type GovRecord } from './government.rules.ts';

const rule = ruleInForce(loadRuleFile<GovEvaluationRule>('government-evaluation'), '2026-11-20');
let n = 0;
const rec = (over: Partial<GovRecord>): GovRecord => ({ id: ++n, category: 'government-dishonesty', ref: `R${n}`, decisionDate: '2026-01-01', severity: 'general', status: 'active', kind: '政府合同违约', performed: '未履行', ...over });
const points = (recs: GovRecord[], today = '2026-11-20') => Object.fromEntries(scoreBody(rule, recs, today).indicators.map((i) => [i.id, i.points]));

test('the default rule has no problems; a rule counting nothing or with positive points is refused, naming the indicator', () => {
  assert.deepEqual(govRuleProblems(rule), []);
  const bad: GovEvaluationRule = { ...rule, indicators: [{ ...rule.indicators[0]!, kinds: [], categories: [] }, { ...rule.indicators[1]!, points: { light: 1, general: -1, serious: -1 } }] };
  const p = govRuleProblems(bad);
  assert.ok(p.some((x) => x.includes('(contracts)') && x.includes('counts nothing')));
  assert.ok(p.some((x) => x.includes('(commitments)') && x.includes('points.light')));
});

test('a body with nothing on file scores the base score', () => {
  assert.equal(scoreBody(rule, [], '2026-11-20').score, rule.baseScore);
});

test('36 months to the day: decided exactly 36 months ago counts today, not tomorrow', () => {
  const r = rec({ decisionDate: '2023-11-20' });
  assert.equal(points([r], '2026-11-20').contracts, -8);
  assert.equal(points([r], '2026-11-21').contracts, 0);
});

test('each kind goes to its indicator by 失信类型 or category; severity sets the points; the cap holds', () => {
  const p = points([
    rec({ kind: '服务承诺未兑现', severity: 'light' }),
    rec({ category: 'commitment-breach', kind: null, severity: 'serious' }),
    rec({ kind: '纪律处分' }),
    rec({ kind: '问责处理', severity: 'serious' }),
  ]);
  assert.deepEqual(p, { contracts: 0, commitments: -12, judgments: 0, dishonesty: -12 });
  const many = Array.from({ length: 5 }, () => rec({ kind: '政府合同违约', severity: 'serious' }));
  assert.equal(points(many).contracts, -30);
  assert.equal(scoreBody(rule, many, '2026-11-20').score, 70);
});

test('a judgment performed, a revoked or repaired record does not count', () => {
  assert.equal(points([rec({ kind: '司法判决', performed: '已履行' })]).judgments, 0);
  assert.equal(points([rec({ kind: '司法判决' })]).judgments, -10);
  assert.equal(points([rec({ kind: '执行惩戒', status: 'revoked' }), rec({ kind: '执行惩戒', status: 'repaired' })]).judgments, 0);
  assert.equal(points([rec({ category: 'dishonest-debtor', kind: null, severity: 'serious' })]).judgments, -20);
});

test('ranked within each region, higher first, equal scores share a rank', () => {
  const r = rankPerRegion([
    { region: '130100', score: 90, name: '甲' },
    { region: '130100', score: 100, name: '乙' },
    { region: '130600', score: 80, name: '丙' },
    { region: '130100', score: 90, name: '丁' },
    { region: '130100', score: 70, name: '戊' },
  ]);
  assert.deepEqual(r.map((x) => [x.region, x.name, x.rank]), [
    ['130100', '乙', 1], ['130100', '丁', 2], ['130100', '甲', 2], ['130100', '戊', 4], ['130600', '丙', 1],
  ]);
});
