// Synthetic red and black list entries (红黑名单) in the catalog's column set: 失信被执行人 from
// courts, 严重失信主体 from market regulation, A级纳税人 from tax, 诚信典型 from development and
// reform. Organizations name their legal representative with an ID number, so the legal-
// representative linkage shows in the demo. Deterministic per rng.
import { addDays, addYears, fromDayNumber, toDayNumber, type DateStr } from '../../kernel/dates.ts';
import type { Rng } from './demo.rng.ts';
import type { DemoSubject } from './demo.subjects.ts';
import { makeIdNumber } from './demo.codes.ts';

export type ListCategory = 'dishonest-debtor' | 'serious-dishonesty' | 'a-taxpayer' | 'integrity-exemplar';

// Which demo department kind enters which list.
export const LIST_OWNER_KIND: Record<ListCategory, string> = {
  'dishonest-debtor': 'court',
  'serious-dishonesty': 'market-regulation',
  'a-taxpayer': 'tax',
  'integrity-exemplar': 'development-reform',
};

const COMMON = ['ZTMC', 'ZTLB', 'TYSHXYDM', 'GSZCH', 'ZJLX', 'ZJHM', 'FDDBR', 'FDDBR_ZJLX', 'FDDBR_ZJHM'];
export const LIST_COLUMNS: Record<ListCategory, readonly string[]> = {
  'dishonest-debtor': [...COMMON, 'AH', 'ZXFY', 'ZXYJWH', 'ZCZXYJDW', 'LASJ', 'SXYW', 'LXQK', 'SXQX', 'FBSJ', 'RDRQ', 'RDYJ', 'YXQZ'],
  'serious-dishonesty': [...COMMON, 'SXLY', 'RDBM', 'RDWSH', 'RDRQ', 'RDSY', 'RDYJ', 'YXQZ'],
  'a-taxpayer': [...COMMON, 'PJND', 'RDWSH', 'RDRQ', 'RDSY', 'RDYJ', 'YXQZ'],
  'integrity-exemplar': [...COMMON, 'RYCH', 'SYJG', 'RDWSH', 'RDRQ', 'RDSY', 'RDYJ', 'YXQZ'],
};

const KIND_LABELS = { organization: '法人及非法人组织', individual_business: '个体工商户', person: '自然人' } as const;

const DD_CONDUCT = [
  '有履行能力而拒不履行生效法律文书确定义务',
  '违反财产报告制度',
  '违反限制消费令',
  '以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行',
  '无正当理由拒不履行执行和解协议',
];
const DD_DUTIES = ['支付货款人民币{n}万元及逾期付款利息', '偿还借款本金人民币{n}万元及利息', '支付工程款人民币{n}万元', '支付劳动报酬人民币{n}万元', '赔偿经济损失人民币{n}万元'];
const SD_CASES: readonly (readonly [field: string, reason: string, basis: string])[] = [
  ['食品安全', '生产经营添加非食用物质的食品，情节严重', '《市场监督管理严重违法失信名单管理办法》第二条、第七条'],
  ['药品安全', '生产销售假药，被处以吊销许可证件的行政处罚', '《市场监督管理严重违法失信名单管理办法》第二条、第八条'],
  ['产品质量', '生产销售不符合保障人身、财产安全国家标准的产品，情节严重', '《市场监督管理严重违法失信名单管理办法》第二条、第九条'],
  ['公平竞争', '实施垄断协议、滥用市场支配地位，被处以较重行政处罚', '《市场监督管理严重违法失信名单管理办法》第二条、第十条'],
  ['企业登记', '提交虚假材料或者采取其他欺诈手段隐瞒重要事实，取得公司登记被撤销', '《市场监督管理严重违法失信名单管理办法》第二条、第十一条'],
];
const HONOURS: readonly (readonly [title: string, by: string])[] = [
  ['河北省诚信企业', '河北省社会信用体系建设领导小组办公室'],
  ['守合同重信用企业', '河北省市场监督管理局'],
  ['河北省诚信道德模范', '河北省精神文明建设委员会办公室'],
  ['优秀志愿者', '河北省精神文明建设委员会办公室'],
  ['诚信经营示范单位', '河北省商务厅'],
];
const CITY_COURTS: Record<string, string> = {
  '1301': '石家庄市', '1302': '唐山市', '1303': '秦皇岛市', '1304': '邯郸市', '1305': '邢台市', '1306': '保定市',
  '1307': '张家口市', '1308': '承德市', '1309': '沧州市', '1310': '廊坊市', '1311': '衡水市',
};
const CITY_ABBR: Record<string, string> = {
  '1301': '01', '1302': '02', '1303': '03', '1304': '04', '1305': '05', '1306': '06', '1307': '07', '1308': '08', '1309': '09', '1310': '10', '1311': '11',
};

export type ListRowOptions = {
  subjects: readonly DemoSubject[] | ((i: number) => DemoSubject);
  subjectCount?: number; // with a function: subjects are 0 … subjectCount - 1
  count: number;
  today: DateStr;
  serialFrom?: number; // references stay unique across calls
};

// Entries of one list; `subjects(i)` may be a function so millions need not sit in memory.
export function* generateListRows(rng: Rng, category: ListCategory, o: ListRowOptions): Generator<Record<string, string>> {
  const list = typeof o.subjects === 'function' ? undefined : o.subjects;
  const at = typeof o.subjects === 'function' ? o.subjects : (i: number) => list![i]!;
  const n = list ? list.length : (o.subjectCount ?? 1000);
  const subjectAt = () => at(rng.int(0, n - 1));
  const todayN = toDayNumber(o.today);
  for (let i = 0; i < o.count; i++) {
    let s = subjectAt();
    // A级纳税人 and most exemplars are organizations
    if ((category === 'a-taxpayer' || (category === 'integrity-exemplar' && rng.chance(0.7))) && s.kind === 'person')
      for (let k = 0; k < 8 && s.kind === 'person'; k++) s = subjectAt();
    if (category === 'a-taxpayer' && s.kind === 'person') continue;
    const serial = (o.serialFrom ?? 0) + i + 1;
    const decided = fromDayNumber(todayN - rng.int(1, 3 * 365));
    const year = decided.slice(0, 4);
    const org = s.kind !== 'person';
    const repId = org && s.legalRep ? makeIdNumber(rng, s.regionCode, '1955-01-01', '1995-12-31') : '';
    const row: Record<string, string> = {
      ZTMC: s.name,
      ZTLB: KIND_LABELS[s.kind],
      TYSHXYDM: s.uscc ?? '',
      GSZCH: s.regNo ?? '',
      ZJLX: s.kind === 'person' ? '居民身份证' : '',
      ZJHM: s.kind === 'person' ? (s.idNumber ?? '') : '',
      FDDBR: org ? (s.legalRep ?? '') : '',
      FDDBR_ZJLX: repId ? '居民身份证' : '',
      FDDBR_ZJHM: repId,
      RDRQ: decided,
    };
    const city = s.regionCode.slice(0, 4);
    if (category === 'dishonest-debtor') {
      const court = `${CITY_COURTS[city] ?? '石家庄市'}中级人民法院`;
      const amount = String(rng.int(3, 800));
      row.AH = `（${year}）冀${CITY_ABBR[city] ?? '01'}执${serial}号`;
      row.ZXFY = court;
      row.ZXYJWH = `（${Number(year) - 1}）冀${CITY_ABBR[city] ?? '01'}民初${rng.int(100, 9999)}号`;
      row.ZCZXYJDW = court;
      row.LASJ = addDays(decided, -rng.int(30, 200));
      row.SXYW = rng.pick(DD_DUTIES).replace('{n}', amount);
      row.LXQK = rng.chance(0.85) ? '全部未履行' : '部分未履行';
      row.SXQX = rng.pick(DD_CONDUCT);
      row.FBSJ = addDays(decided, rng.int(0, 3));
      row.RDYJ = '《最高人民法院关于公布失信被执行人名单信息的若干规定》（法释〔2017〕7号）第一条';
      // 有履行能力而拒不履行: no fixed term; the other cases two years
      row.YXQZ = row.SXQX === DD_CONDUCT[0] ? '' : addYears(decided, 2);
    } else if (category === 'serious-dishonesty') {
      const [field, reason, basis] = rng.pick(SD_CASES);
      row.SXLY = field;
      row.RDBM = `${CITY_COURTS[city] ?? '石家庄市'}市场监督管理局`;
      row.RDWSH = `冀市监严失〔${year}〕${serial}号`;
      row.RDSY = reason;
      row.RDYJ = basis;
      row.YXQZ = addYears(decided, 3);
    } else if (category === 'a-taxpayer') {
      // results of year Y are published in April of Y+1 and hold until the next ones
      const thisYear = Number(o.today.slice(0, 4));
      row.RDRQ = `${thisYear}-04-20` <= o.today ? `${thisYear}-04-20` : `${thisYear - 1}-04-20`;
      row.PJND = String(Number(row.RDRQ.slice(0, 4)) - 1);
      row.RDWSH = `冀税信A〔${row.PJND}〕${serial}号`;
      row.RDSY = `${row.PJND}年度纳税信用评价为A级`;
      row.RDYJ = '《纳税信用管理办法》';
      row.YXQZ = addDays(addYears(row.RDRQ, 1), -1);
    } else {
      const [title, by] = rng.pick(HONOURS);
      row.RYCH = title;
      row.SYJG = by;
      row.RDWSH = `冀信典〔${year}〕${serial}号`;
      row.RDSY = `荣获“${title}”称号`;
      row.RDYJ = '冀政办字〔2017〕91号 三(二)';
      row.YXQZ = addYears(decided, 3);
    }
    yield row;
  }
}
