import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Region } from './api.ts';
import {
  allowedFor,
  findEntry,
  formatDateTime,
  grantableRoles,
  menuGroups,
  regionContains,
  regionTree,
  safeNext,
  selectedMenuKey,
  signInErrorText,
  signInUrl,
  type PageEntry,
} from './nav.ts';
import { isAcceptedFile, percentOf, uploadContentType, uploadUrl } from './collection/upload.ts';

const PAGES: PageEntry[] = [
  { key: 'home', path: '/', label: '工作台', roles: [], menu: '工作台' },
  { key: 'upload', path: '/collection/upload', label: '上传', roles: ['department_clerk', 'department_admin'], menu: '数据归集' },
  { key: 'batches', path: '/collection/batches', label: '批次', roles: ['department_clerk', 'department_admin'], menu: '数据归集' },
  { key: 'batch', path: '/collection/batches/:id', label: '详情', roles: ['department_clerk', 'department_admin'], parent: 'batches' },
  { key: 'users', path: '/admin/users', label: '用户', roles: ['platform_admin', 'department_admin'], menu: '系统管理' },
  { key: 'audit', path: '/audit/events', label: '审计', roles: ['auditor'], menu: '安全审计' },
];

describe('pages by role', () => {
  test('a clerk sees the home page and collection, not administration or audit', () => {
    assert.deepEqual(allowedFor('department_clerk', PAGES).map((p) => p.key), ['home', 'upload', 'batches', 'batch']);
    assert.deepEqual(menuGroups('department_clerk', PAGES).map((g) => [g.group, g.items.map((i) => i.key)]), [
      ['工作台', ['home']],
      ['数据归集', ['upload', 'batches']],
    ]);
  });
  test('an auditor sees only the audit pages besides home; an operator only home', () => {
    assert.deepEqual(menuGroups('auditor', PAGES).map((g) => g.group), ['工作台', '安全审计']);
    assert.deepEqual(menuGroups('operator', PAGES).map((g) => g.group), ['工作台']);
  });
  test('a detail path finds its page and highlights its parent in the menu', () => {
    assert.equal(findEntry('/collection/batches/0b6c5a2e-1d1a-4b53-9d41-2f1c7a1d2e3f', PAGES)?.key, 'batch');
    assert.equal(selectedMenuKey('/collection/batches/x?tab=1', PAGES), 'batches');
    assert.equal(selectedMenuKey('/', PAGES), 'home');
    assert.equal(findEntry('/collection/batches/x/y', PAGES), undefined);
  });
  test('who may hand out which roles', () => {
    assert.equal(grantableRoles('platform_admin').length, 6);
    assert.deepEqual(grantableRoles('department_admin'), ['department_admin', 'department_clerk', 'tip_handler']);
    assert.deepEqual(grantableRoles('auditor'), []);
  });
});

describe('where to go after sign-in', () => {
  test('only paths inside the portal, never another site or the sign-in page itself', () => {
    assert.equal(safeNext('/work/collection/batches?page=2'), '/work/collection/batches?page=2');
    assert.equal(safeNext('/work'), '/work');
    assert.equal(safeNext(null), '/work');
    assert.equal(safeNext('//evil.example/work'), '/work');
    assert.equal(safeNext('https://evil.example/work'), '/work');
    assert.equal(safeNext('/workshop'), '/work');
    assert.equal(safeNext('/work\\@evil'), '/work');
    assert.equal(safeNext('/work/sign-in?next=/work/x'), '/work');
    assert.equal(safeNext('/search?q=x'), '/work');
  });
  test('signInUrl keeps where the user was and why they are back', () => {
    assert.equal(signInUrl('/work/admin/users?page=3', 'expired'), '/work/sign-in?next=%2Fwork%2Fadmin%2Fusers%3Fpage%3D3&reason=expired');
    assert.equal(signInUrl('/work'), '/work/sign-in');
  });
});

describe('display', () => {
  test('times are shown in Asia/Shanghai whatever the browser zone', () => {
    assert.equal(formatDateTime('2026-11-20T16:30:05.000Z'), '2026-11-21 00:30:05');
    assert.equal(formatDateTime(null), '—');
  });
  test('a lockout says when it ends', () => {
    const now = new Date('2026-11-20T04:00:00Z'); // 12:00 in 石家庄
    assert.equal(
      signInErrorText({ code: 'SIGN_IN_LOCKED', zh: '登录失败次数过多，请 15 分钟后再试', details: { retryAfterSeconds: 900 } }, now),
      '登录失败次数过多，请 15 分钟后再试（约 12:15 解除锁定）',
    );
    assert.equal(signInErrorText({ code: 'SIGN_IN_TOO_SOON', zh: '请 2 秒后再试', details: { retryAfterSeconds: 2 } }, now), '请 2 秒后再试');
    assert.equal(signInErrorText({ code: 'SIGN_IN_FAILED', zh: '用户名、密码或动态口令不正确' }, now), '用户名、密码或动态口令不正确');
  });
});

describe('regions', () => {
  const R: Region[] = [
    { code: '130000', name: '河北省', level: 'province', parent: null, virtual: false },
    { code: '130100', name: '石家庄市', level: 'city', parent: '130000', virtual: false },
    { code: '130102', name: '长安区', level: 'county', parent: '130100', virtual: false },
    { code: '130600', name: '保定市', level: 'city', parent: '130000', virtual: false },
    { code: '130629', name: '容城县', level: 'county', parent: '130600', virtual: false },
    { code: '133100', name: '雄安新区', level: 'city', parent: '130000', virtual: true, members: ['130629'] },
  ];
  test('containment follows parents and 雄安 membership', () => {
    assert.ok(regionContains(R, '130000', '130629'));
    assert.ok(regionContains(R, '133100', '130629'));
    assert.ok(regionContains(R, '130600', '130629'));
    assert.ok(!regionContains(R, '130100', '130629'));
    assert.ok(!regionContains(R, '130629', '130600'));
  });
  test('the tree holds only regions in scope; 雄安 counties stay under their city for the province', () => {
    const province = regionTree(R, '130000');
    assert.equal(province.length, 1);
    assert.deepEqual(province[0]!.children!.map((c) => c.value), ['130100', '130600', '133100']);
    assert.equal(province[0]!.children![2]!.children, undefined);
    assert.deepEqual(regionTree(R, '130100').map((n) => [n.value, n.children?.map((c) => c.value)]), [['130100', ['130102']]]);
    assert.deepEqual(regionTree(R, '133100').map((n) => n.value), ['130629', '133100']);
  });
});

describe('upload', () => {
  test('content type and accepted files by extension', () => {
    assert.equal(uploadContentType('处罚.CSV'), 'text/csv');
    assert.equal(uploadContentType('a.xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(uploadContentType('a.txt'), 'application/octet-stream');
    assert.ok(isAcceptedFile('a.Xlsx'));
    assert.ok(!isAcceptedFile('a.xls'));
  });
  test('the URL carries category and file name', () => {
    assert.equal(uploadUrl('penalty', '处罚 1.csv'), '/api/v1/batches/files?category=penalty&filename=%E5%A4%84%E7%BD%9A+1.csv');
  });
  test('progress is a whole percentage, never past 100', () => {
    assert.equal(percentOf({ loaded: 1, total: 3 }), 33);
    assert.equal(percentOf({ loaded: 5, total: 3 }), 100);
    assert.equal(percentOf({ loaded: 0, total: 0 }), 0);
  });
});
