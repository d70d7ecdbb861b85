// Names of audit actions for people: the trail keeps the code (auth.sign-in), the portal and the
// export show the Chinese name beside it. Every action written anywhere has one (audit.labels.test.ts).
export type ActionLabel = { zh: string; en: string };

export const ACTION_LABELS: Readonly<Record<string, ActionLabel>> = {
  'auth.sign-in': { zh: '登录', en: 'Sign-in' },
  'auth.sign-in.failed': { zh: '登录失败', en: 'Failed sign-in' },
  'auth.sign-in.refused': { zh: '登录被拒（锁定或过频）', en: 'Sign-in refused (locked or too frequent)' },
  'auth.sign-out': { zh: '退出登录', en: 'Sign-out' },
  'auth.sign-out-everywhere': { zh: '退出所有设备', en: 'Sign-out everywhere' },
  'auth.password-change': { zh: '修改密码', en: 'Password change' },
  'auth.password-change.failed': { zh: '修改密码失败', en: 'Failed password change' },
  'staff.create': { zh: '创建用户', en: 'Staff account created' },
  'staff.update': { zh: '修改用户', en: 'Staff account changed' },
  'department.add': { zh: '登记部门', en: 'Department registered' },
  'department.remove': { zh: '移除部门', en: 'Department removed' },
  'api-client.create': { zh: '创建接口凭证', en: 'API client created' },
  'api-client.rotate': { zh: '轮换接口密钥', en: 'API secret rotated' },
  'api-client.retire-secret': { zh: '停用接口密钥', en: 'API secret retired' },
  'api-client.revoke': { zh: '吊销接口凭证', en: 'API client revoked' },
  'batch.start': { zh: '开始导入文件', en: 'File import started' },
  'batch.submit': { zh: '提交批次', en: 'Batch submitted' },
  'batch.complete': { zh: '批次完成', en: 'Batch completed' },
  'batch.fail': { zh: '批次失败', en: 'Batch failed' },
  'audit.export': { zh: '导出审计日志', en: 'Audit trail exported' },
  'personal-data.read': { zh: '查询个人数据', en: 'Personal data read' },
  'credit-check.run': { zh: '信用核查', en: 'Credit check' },
  'credit-check.feedback': { zh: '核查反馈', en: 'Credit check feedback' },
  'list.exit': { zh: '名单移出', en: 'List exit' },
  'objection.file': { zh: '提出异议', en: 'Objection filed' },
  'objection.decide': { zh: '异议处理', en: 'Objection decided' },
  'repair.apply': { zh: '申请信用修复', en: 'Credit repair applied for' },
  'repair.decide': { zh: '信用修复决定', en: 'Credit repair decided' },
  'rights.escalate': { zh: '逾期督办', en: 'Overdue escalated' },
  'identity.challenge': { zh: '发送身份验证码', en: 'Identity code sent' },
  'identity.wrong-code': { zh: '身份验证码错误', en: 'Wrong identity code' },
  'identity.verified': { zh: '身份验证通过', en: 'Identity verified' },
  'identity.oidc-begin': { zh: '发起统一身份认证', en: 'Identity provider sign-in started' },
  'identity.certificate-challenge': { zh: '发起数字证书认证', en: 'Certificate challenge issued' },
  'identity.certificate-refused': { zh: '数字证书认证未通过', en: 'Certificate sign-in refused' },
  'subject-contact.add': { zh: '登记主体预留联系方式', en: 'Subject contact put on file' },
  'access.refused': { zh: '访问被拒绝', en: 'Access refused' },
  'authorization.grant': { zh: '主体授权查询', en: 'Authorization granted' },
  'authorization.revoke': { zh: '撤销主体授权', en: 'Authorization revoked' },
  'report.issue': { zh: '出具信用报告', en: 'Credit report issued' },
  'keys.reencrypt': { zh: '密钥重新加密', en: 'Re-encrypted under the active key' },
  'keys.reencrypt.run': { zh: '密钥重新加密（批次）', en: 'Re-encryption run' },
  'calendar.override': { zh: '调整工作日', en: 'Working-day override' },
  'calendar.load-year': { zh: '载入节假日安排', en: 'Holiday notice loaded' },
  'measure.load': { zh: '载入奖惩措施', en: 'Measures loaded' },
  'measure.create': { zh: '新增奖惩措施', en: 'Measure added' },
  'measure.change': { zh: '修改奖惩措施', en: 'Measure changed' },
};

// An unknown code (written by a newer version, say) shows as itself.
export function actionLabel(action: string): ActionLabel {
  return ACTION_LABELS[action] ?? { zh: action, en: action };
}
