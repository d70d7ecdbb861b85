// The platform's own words are guessable (issue 17 re-test 2026-12-06: `xinyong-Xinyong1` and
// `Hebei2026!!Hebei` were accepted with zxcvbn score 4). Under the rule entry of 2026-12-07
// (rules/access.json `password.ownWords`), a password that contains the platform's, the region's
// or the user's own words must be strong without them; before it, zxcvbn alone judges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownWordsFor, strengthViolation, withoutOwnWords } from './password-strength.ts';
import { loadRuleFile, ruleInForce } from '../../kernel/rules.ts';
import type { AccessRule } from './access.rules.ts';

const rules = loadRuleFile<AccessRule>('access');
const before = ruleInForce(rules, '2026-12-06');
const from = ruleInForce(rules, '2026-12-07');
const judge = (pw: string, rule: AccessRule, user: string[] = ['bdclerk', '保定测试员', '保定市市场监督管理局'], region = '130600') =>
  strengthViolation(pw, user, rule.password.minScore!, ownWordsFor(rule, region))?.code;

test('the re-test’s passwords, and others built of the platform’s and the regions’ names, are refused from 2026-12-07', () => {
  for (const pw of [
    'xinyong-Xinyong1',
    'Hebei2026!!Hebei',
    'Xinyong@Hebei26',
    'X1ny0ng-H3bei-2026',
    'Baoding#2026xy',
    '信用河北2026Ab!',
    '河北省石家庄市2026!',
    'Xiongan-2026-Xinyong',
  ])
    assert.equal(judge(pw, from), 'PASSWORD_OWN_WORDS', pw);
});

test('the same passwords were accepted by the rule before (the hole the re-test found)', () => {
  for (const pw of ['xinyong-Xinyong1', 'Hebei2026!!Hebei', 'Xinyong@Hebei26', 'Shijiazhuang2026!']) assert.equal(judge(pw, before), undefined, pw);
});

test('as zxcvbn user inputs alone, the own words already make some passwords common', () => {
  assert.equal(judge('Shijiazhuang2026!', from), 'PASSWORD_COMMON');
});

test('the user’s own name, department and region count too', () => {
  assert.equal(judge('Wangfang-Wangfang-26', from, ['wangfang', '王芳']), 'PASSWORD_OWN_WORDS');
  assert.equal(judge('保定市市场监督管理局2026Ab', from), 'PASSWORD_OWN_WORDS');
  // the user's own county (满城区, 保定) is an own word for a 满城 user, not for a 石家庄 one
  assert.equal(judge('满城区2026满城区!!Ab', from, ['mcclerk'], '130607'), 'PASSWORD_OWN_WORDS');
  assert.notEqual(judge('满城区2026满城区!!Ab', from, ['sjzclerk'], '130102'), 'PASSWORD_OWN_WORDS');
});

test('a strong password stays accepted with an own word in it; strong ones without any are unaffected', () => {
  for (const pw of ['Violet-Harbor-Lantern-7', 'Copper-Meadow-Signal-42', 'Xinyong-Violet-Harbor-Lantern-7', 'Hebei:Quiet-Falcon-Orchard-93'])
    assert.equal(judge(pw, from), undefined, pw);
});

test('common passwords are still PASSWORD_COMMON', () => {
  for (const pw of ['Password1234', 'Qwerty123456!']) assert.equal(judge(pw, from), 'PASSWORD_COMMON', pw);
});

test('withoutOwnWords: case and l33t ignored, longest words first, positions kept', () => {
  assert.deepEqual(withoutOwnWords('xinyong-Xinyong1', ['xinyong']), { found: true, rest: '-1' });
  assert.deepEqual(withoutOwnWords('X1NY0NG+h3b3i', ['xinyong', 'hebei']), { found: true, rest: '+' });
  assert.deepEqual(withoutOwnWords('信用河北2026', ['信用', '河北', '信用河北']), { found: true, rest: '2026' });
  assert.deepEqual(withoutOwnWords('Violet-Harbor', ['xinyong', 'li', '冀']), { found: false, rest: 'Violet-Harbor' });
});
