import { orgCodeFromBody, usccFrom, type UsccPrefix } from './demo.codes.ts';

export const DEPARTMENT_KINDS = [
  'finance', 'public-resource-trading', 'development-reform', 'market-regulation', 'tax',
  'court', 'housing-construction', 'transport', 'culture-tourism', 'financial-regulation',
  'human-resources', 'ecology-environment', 'emergency-management', 'health',
] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

// Kinds whose records a department can stand in for when no department of that kind is given:
// a public resource trading centre records bidding and procurement misconduct.
export const RELATED_KINDS: Partial<Record<DepartmentKind, readonly DepartmentKind[]>> = {
  'public-resource-trading': ['development-reform', 'finance'],
};

export type DemoDepartment = {
  uscc: string;
  name: string;
  regionCode: string;
  kinds: DepartmentKind[];
  level: 'province' | 'city';
  // document number patterns: {y} year, {n} sequence, {n4} sequence padded to 4 digits
  penaltyRef: string;
  licenseRef: string;
};

type DepartmentSeed = readonly [name: string, regionCode: string, kinds: DepartmentKind[], penaltyRef: string, licenseRef: string, prefix?: UsccPrefix];

const PROVINCE = '130000';

// The broadest provider comes first: callers that take one department get the most varied rows.
const DEPARTMENTS: readonly DepartmentSeed[] = [
  ['河北省市场监督管理局', PROVINCE, ['market-regulation'], '冀市监罚〔{y}〕{n}号', '冀市监许〔{y}〕{n}号'],
  ['河北省发展和改革委员会', PROVINCE, ['development-reform'], '冀发改罚〔{y}〕{n}号', '冀发改审批〔{y}〕{n}号'],
  ['河北省财政厅', PROVINCE, ['finance'], '冀财采罚〔{y}〕{n}号', '冀财会许〔{y}〕{n}号'],
  ['河北省公共资源交易中心', PROVINCE, ['public-resource-trading'], '冀公资〔{y}〕{n}号', '冀公资〔{y}〕{n}号', '12'],
  ['国家税务总局河北省税务局', PROVINCE, ['tax'], '冀税稽罚〔{y}〕{n}号', '冀税许准字〔{y}〕第{n4}号'],
  ['河北省高级人民法院', PROVINCE, ['court'], '（{y}）冀执罚{n}号', '（{y}）冀法许{n}号'],
  ['河北省住房和城乡建设厅', PROVINCE, ['housing-construction'], '冀建罚〔{y}〕{n}号', '冀建审〔{y}〕{n}号'],
  ['河北省交通运输厅', PROVINCE, ['transport'], '冀交执罚〔{y}〕{n}号', '冀交许〔{y}〕{n}号'],
  ['河北省文化和旅游厅', PROVINCE, ['culture-tourism'], '冀文旅罚〔{y}〕{n}号', '冀文旅许〔{y}〕{n}号'],
  ['国家金融监督管理总局河北监管局', PROVINCE, ['financial-regulation'], '冀金罚决字〔{y}〕{n}号', '冀金复〔{y}〕{n}号'],
  ['河北省人力资源和社会保障厅', PROVINCE, ['human-resources'], '冀人社监罚〔{y}〕{n}号', '冀人社许〔{y}〕{n}号'],
  ['河北省生态环境厅', PROVINCE, ['ecology-environment'], '冀环罚字〔{y}〕第{n4}号', '冀环审〔{y}〕{n}号'],
  ['河北省应急管理厅', PROVINCE, ['emergency-management'], '（冀）应急罚〔{y}〕{n}号', '冀应急许〔{y}〕{n}号'],
  ['河北省卫生健康委员会', PROVINCE, ['health'], '冀卫罚〔{y}〕{n}号', '冀卫许〔{y}〕{n}号'],
  ['石家庄市市场监督管理局', '130100', ['market-regulation'], '石市监罚〔{y}〕{n}号', '石市监许〔{y}〕{n}号'],
  ['唐山市市场监督管理局', '130200', ['market-regulation'], '唐市监处罚〔{y}〕{n}号', '唐市监许〔{y}〕{n}号'],
  ['秦皇岛市市场监督管理局', '130300', ['market-regulation'], '秦市监罚〔{y}〕{n}号', '秦市监许〔{y}〕{n}号'],
  ['邯郸市市场监督管理局', '130400', ['market-regulation'], '邯市监罚字〔{y}〕第{n4}号', '邯市监许〔{y}〕{n}号'],
  ['邢台市市场监督管理局', '130500', ['market-regulation'], '邢市监罚〔{y}〕{n}号', '邢市监许〔{y}〕{n}号'],
  ['保定市市场监督管理局', '130600', ['market-regulation'], '保市监罚字〔{y}〕第{n4}号', '保市监许字〔{y}〕第{n4}号'],
  ['张家口市市场监督管理局', '130700', ['market-regulation'], '张市监罚〔{y}〕{n}号', '张市监许〔{y}〕{n}号'],
  ['承德市市场监督管理局', '130800', ['market-regulation'], '承市监罚〔{y}〕{n}号', '承市监许〔{y}〕{n}号'],
  ['沧州市市场监督管理局', '130900', ['market-regulation'], '沧市监罚〔{y}〕{n}号', '沧市监许〔{y}〕{n}号'],
  ['廊坊市市场监督管理局', '131000', ['market-regulation'], '廊市监罚〔{y}〕{n}号', '廊市监许〔{y}〕{n}号'],
  ['衡水市市场监督管理局', '131100', ['market-regulation'], '衡市监罚〔{y}〕{n}号', '衡市监许〔{y}〕{n}号'],
  ['石家庄市生态环境局', '130100', ['ecology-environment'], '石环罚〔{y}〕{n}号', '石环审〔{y}〕{n}号'],
  ['唐山市生态环境局', '130200', ['ecology-environment'], '唐环罚〔{y}〕{n}号', '唐环审〔{y}〕{n}号'],
  ['邯郸市生态环境局', '130400', ['ecology-environment'], '邯环罚〔{y}〕{n}号', '邯环审〔{y}〕{n}号'],
  ['保定市生态环境局', '130600', ['ecology-environment'], '保环罚〔{y}〕{n}号', '保环审〔{y}〕{n}号'],
  ['石家庄市应急管理局', '130100', ['emergency-management'], '（石）应急罚〔{y}〕{n}号', '石应急许〔{y}〕{n}号'],
  ['唐山市应急管理局', '130200', ['emergency-management'], '（唐）应急罚〔{y}〕{n}号', '唐应急许〔{y}〕{n}号'],
  ['国家税务总局石家庄市税务局', '130100', ['tax'], '石税稽罚〔{y}〕{n}号', '石税许准字〔{y}〕第{n4}号'],
  ['国家税务总局保定市税务局', '130600', ['tax'], '保税稽罚〔{y}〕{n}号', '保税许准字〔{y}〕第{n4}号'],
  ['石家庄市交通运输局', '130100', ['transport'], '石交执罚〔{y}〕{n}号', '石交许〔{y}〕{n}号'],
  ['沧州市交通运输局', '130900', ['transport'], '沧交执罚〔{y}〕{n}号', '沧交许〔{y}〕{n}号'],
  ['石家庄市住房和城乡建设局', '130100', ['housing-construction'], '石建罚〔{y}〕{n}号', '石建许〔{y}〕{n}号'],
  ['廊坊市住房和城乡建设局', '131000', ['housing-construction'], '廊建罚〔{y}〕{n}号', '廊建许〔{y}〕{n}号'],
  ['石家庄市卫生健康委员会', '130100', ['health'], '石卫罚〔{y}〕{n}号', '石卫许〔{y}〕{n}号'],
  ['秦皇岛市文化广电和旅游局', '130300', ['culture-tourism'], '秦文旅罚〔{y}〕{n}号', '秦文旅许〔{y}〕{n}号'],
  ['张家口市人力资源和社会保障局', '130700', ['human-resources'], '张人社监罚〔{y}〕{n}号', '张人社许〔{y}〕{n}号'],
];

// Codes depend on the list position only, so they are the same in every demo set and run.
export function demoDepartments(): DemoDepartment[] {
  return DEPARTMENTS.map(([name, regionCode, kinds, penaltyRef, licenseRef, prefix = '11'], i) => {
    // government bodies carry numeric bodies taken over from their old 组织机构代码 (0000…);
    // 7919 is coprime with 9000, so the bodies never repeat
    const serial = (i * 7919 + 3571) % 9000;
    const body = prefix === '11' ? '0000' + String(1000 + serial) : '4013' + String(1000 + serial);
    return {
      uscc: usccFrom(prefix, regionCode, orgCodeFromBody(body)),
      name,
      regionCode,
      kinds: [...kinds],
      level: regionCode === PROVINCE ? 'province' : 'city',
      penaltyRef,
      licenseRef,
    };
  });
}
