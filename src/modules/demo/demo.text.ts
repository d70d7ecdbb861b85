import type { DepartmentKind } from './demo.departments.ts';
import type { Industry } from './demo.names.ts';

export type SubjectKind = 'organization' | 'individual_business' | 'person';

// What a text template may mention. Values are computed per row (most lazily), so the same row's
// facts, penalty content and amounts agree.
export type TextCtx = {
  readonly name: string; // the subject's name
  readonly date: string; // inspection / discovery date, '2024年3月15日'
  readonly from: string; // start of the conduct, '2023年11月'
  readonly periodEnd: string; // end of the conduct, '2024年2月'
  readonly month: string; // a tax period, '2024年1月'
  readonly year: number; // year of the decision
  readonly place: string; // '石家庄市桥西区中山路128号'
  readonly city: string; // '石家庄市'
  readonly county: string; // '桥西区'
  readonly road: string; // 'G107国道k312+500'
  readonly goods: string; // from the case's goods list
  readonly unit: string; // unit of goods
  readonly item: string; // from the case's items list
  readonly qty: number;
  readonly people: number;
  readonly value: number; // 货值金额 / 违法经营额, yuan
  readonly income: number; // 违法所得, yuan
  readonly baseText: string; // the case's base amount in yuan with 2 decimals (tax due, …)
  readonly baseWan: string; // the same in 万元 (contract price, investment, …)
  readonly ratio: string; // exceedance factor, '1.35'
  readonly plate: string; // '冀A·3K52X'
  readonly project: string; // industrial project, '年产5万吨铸件项目'
  readonly building: string; // construction project, '华信达雅苑二期项目'
  readonly projectNo: string; // procurement project number
  readonly weight: number; // vehicle gross weight, t
  readonly over: number; // overload, t
  readonly batch: string; // drug batch number
  readonly scope: string; // business scope of the subject's industry
};

export const TEXT_KEYS = [
  'name', 'date', 'from', 'periodEnd', 'month', 'year', 'place', 'city', 'county', 'road', 'goods', 'unit',
  'item', 'qty', 'people', 'value', 'income', 'baseText', 'baseWan', 'ratio', 'plate', 'project',
  'building', 'projectNo', 'weight', 'over', 'batch', 'scope',
] as const satisfies readonly (keyof TextCtx)[];

// A text with placeholders, '{date}，执法人员对当事人位于{place}…' (see demo.template.ts).
export type Template = string;

export type Severity = '轻微' | '一般' | '严重';

export type PenaltyCase = {
  kind: DepartmentKind;
  weight: number;
  subjects: readonly SubjectKind[];
  industries?: readonly Industry[]; // undefined: any industry
  type: string; // CF_WFXW
  violated?: string; // the provision breached; cited in the facts
  basis: string; // CF_YJ
  facts: readonly Template[];
  goods?: readonly (string | readonly [string, string])[]; // [name, unit]
  items?: readonly string[];
  qty?: readonly [number, number];
  value?: readonly [number, number]; // yuan
  income?: readonly [number, number]; // yuan
  base?: readonly [number, number]; // yuan
  fine?: readonly [number, number]; // yuan
  fineOf?: { of: 'base' | 'qty' | 'value'; mult: readonly [number, number] };
  warn?: boolean; // 警告 allowed
  notice?: boolean; // 通报批评 allowed
  confiscate?: 'income' | 'goods';
  suspend?: boolean; // 责令停产停业
  limit?: string; // 限制开展生产经营活动, with what it means here
  close?: boolean; // 责令关闭
  lowerQual?: string; // 降低资质等级 of this certificate
  revoke?: string; // 吊销许可证件: the certificate
  detain?: string; // 暂扣许可证件: the certificate
  severity?: Severity; // fixed severity (e.g. an accident is always 严重)
};

export type LicenseCase = {
  kind: DepartmentKind;
  weight: number;
  subjects: readonly SubjectKind[];
  industries?: readonly Industry[];
  title: string; // XK_XKWS
  category: '普通' | '特许' | '认可' | '核准' | '登记' | '其他'; // XK_XKLB
  certificate: string; // XK_XKZS ('' when the decision is the document)
  number: 'ref' | Template; // XK_XKBH over a LicenseNumberCtx; 'ref': the decision number
  checkDigit?: boolean; // append a made-up check digit to the number
  content: readonly Template[]; // XK_NR
  goods?: readonly (string | readonly [string, string])[];
  items?: readonly string[];
  qty?: readonly [number, number];
  base?: readonly [number, number];
  months: number | 'long'; // validity; 'long' = 2099-12-31
};

export type LicenseNumberCtx = {
  readonly regionCode: string; // the subject's county
  readonly year: number;
  readonly serial: number; // per license case, increasing: numbers never repeat within a run
  readonly day: string; // decision date 'YYYY-MM-DD'
  readonly cityAbbr: string; // '石'
  readonly cityLetter: string; // plate / register letter, 'A' for 石家庄
  readonly rand: number; // a random uint32 for variation
  readonly uscc: string; // the subject's USCC (its 工商注册号 when it only has the placeholder)
  readonly idNumber: string; // a person's ID number
  readonly industry: string; // the subject's industry, '' when unknown
};

export const LICENSE_NUMBER_KEYS = [
  'regionCode', 'year', 'serial', 'day', 'cityAbbr', 'cityLetter', 'rand', 'uscc', 'idNumber', 'industry',
] as const satisfies readonly (keyof LicenseNumberCtx)[];
