// Penalty and license rows for tests, keyed by field code.
import { uscc, idNumber, orgUscc } from './platform.ts';

export const ORG_USCC = orgUscc('91', '130100', 'MA0A1B2C');
export const ORG2_USCC = uscc('91130600MA0000004');
export const PERSON_ID = idNumber('13010219850312001');

export function penaltyRow(over: Record<string, string> = {}): Record<string, string> {
  return {
    CF_XDR_MC: '石家庄华信达商贸有限公司',
    CF_XDR_LB: '法人及非法人组织',
    CF_XDR_SHXYM: ORG_USCC,
    CF_FRDB: '张伟',
    CF_WSH: '石市监罚〔2026〕101号',
    CF_WFXW: '销售不符合食品安全标准的食品',
    CF_SY: '当事人于2026年3月销售过期食品一批。',
    CF_YJ: '《中华人民共和国食品安全法》第一百二十四条',
    CF_CFLB: '罚款',
    CF_NR: '罚款人民币伍万元',
    CF_NR_FK: '5',
    CF_JDRQ: '2026-06-01',
    CF_YXQ: '2027-06-01',
    CF_CFJG: '石家庄市市场监督管理局',
    CF_CFJGDM: uscc('11130100MB0000001'),
    CF_SJLY: '石家庄市市场监督管理局',
    CF_SJLYDM: uscc('11130100MB0000001'),
    ...over,
  };
}

export function licenseRow(over: Record<string, string> = {}): Record<string, string> {
  return {
    XK_XDR_MC: '石家庄华信达商贸有限公司',
    XK_XDR_LB: '法人及非法人组织',
    XK_XDR_SHXYM: ORG_USCC,
    XK_FRDB: '张伟',
    XK_XKWS: '食品经营许可决定书',
    XK_WSH: '石市监许〔2026〕88号',
    XK_XKLB: '普通',
    XK_XKZS: '食品经营许可证',
    XK_XKBH: 'JY11301020012345',
    XK_NR: '预包装食品销售',
    XK_JDRQ: '2026-05-10',
    XK_YXQZ: '2026-05-10',
    XK_YXQZI: '2031-05-09',
    XK_XKJG: '石家庄市市场监督管理局',
    XK_XKJGDM: uscc('11130100MB0000001'),
    XK_ZT: '有效',
    XK_LYDW: '石家庄市市场监督管理局',
    XK_LYDWDM: uscc('11130100MB0000001'),
    ...over,
  };
}

export function csv(rows: Record<string, string>[], header?: string[]): string {
  const cols = header ?? Object.keys(rows[0]!);
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [cols.join(','), ...rows.map((r) => cols.map((c) => q(r[c] ?? '')).join(','))].join('\n') + '\n';
}
