// The command table: one entry per command, each in its own file, loaded only when run
// (a command's dependencies never slow down or break another command).
import type { CliIo } from './shared.ts';

// A command writes only to its io and returns its exit code (never process.exit): the same
// function runs in its own process or inside a running server over the admin channel.
export type Command = { summary: string; run(args: string[], io: CliIo): Promise<number | void> };

type Entry = { summary: string; load: () => Promise<Command> };

export const commands: Record<string, Entry> = {
  serve: { summary: '启动平台服务 Serve the API and the web app', load: async () => (await import('./serve.ts')).serveCommand },
  migrate: { summary: '应用数据库迁移 Apply database migrations', load: async () => (await import('./migrate.ts')).migrateCommand },
  departments: { summary: '登记和列出部门 Register and list departments', load: async () => (await import('./departments.ts')).departmentsCommand },
  users: { summary: '工作人员账号 Staff accounts: add (first administrator, TOTP), list, unlock, reset-password', load: async () => (await import('./users.ts')).usersCommand },
  clients: { summary: '部门接口凭证 API clients: create, rotate, retire-secret, revoke, list', load: async () => (await import('./clients.ts')).clientsCommand },
  keys: { summary: '字段加密密钥 Field-encryption keys: status, reencrypt, new', load: async () => (await import('./keys.ts')).keysCommand },
  import: { summary: '导入数据文件 Import a CSV/XLSX file of records', load: async () => (await import('./import.ts')).importCommand },
  demo: { summary: '生成演示数据 Load synthetic demo data', load: async () => (await import('./demo.ts')).demoCommand },
  check: { summary: '信用核查 Credit check: --department U --subject CODE --scenario S [--matter REF]', load: async () => (await import('./check.ts')).checkCommand },
  lists: { summary: '红黑名单 Red and black lists: exit, 信用警示 (warn, warnings, lift), removal-sweep, list', load: async () => (await import('./lists.ts')).listsCommand },
  measures: { summary: '奖惩措施清单 Measures: list', load: async () => (await import('./measures.ts')).measuresCommand },
  objections: { summary: '异议 Objections: file, decide, show, list, sweep', load: async () => (await import('./objections.ts')).objectionsCommand },
  repair: { summary: '信用修复 Credit repair: eligibility, apply, decide, notice', load: async () => (await import('./repair.ts')).repairCommand },
  exemplars: { summary: '诚信典型 Exemplars: nominate, review, decide, list, show, publicity, sweep', load: async () => (await import('./exemplars.ts')).exemplarsCommand },
  declarations: { summary: '主动申报 Self-declared information: list (review), flag as false', load: async () => (await import('./declarations.ts')).declarationsCommand },
  tips: { summary: '举报 Tips: list, show, handle, link, escalate (the reporter is never printed)', load: async () => (await import('./tips.ts')).tipsCommand },
  commitments: { summary: '信用承诺 Commitments: add, fulfil, breach, sweep, list', load: async () => (await import('./commitments.ts')).commitmentsCommand },
  reports: { summary: '信用报告 Credit reports: create (PDF), verify', load: async () => (await import('./reports.ts')).reportsCommand },
  proposals: { summary: '全省设置修改建议 Proposals to change province-wide settings: list, approve ID --note, reject ID --note', load: async () => (await import('./proposals.ts')).proposalsCommand },
  calendar: { summary: '工作日日历 Working-day calendar: add N working days, overrides, load a year’s holiday notice', load: async () => (await import('./calendar.ts')).calendarCommand },
  audit: { summary: '审计日志 Audit trail: verify, checkpoint, public-key', load: async () => (await import('./audit.ts')).auditCommand },
  jobs: { summary: '后台任务 Background jobs: counts by task and state, failed jobs with their errors', load: async () => (await import('./jobs.ts')).jobsCommand },
  directory: { summary: '资源目录 Resource directory: set, list, declare-none (零报送)', load: async () => (await import('./directory.ts')).directoryCommand },
  evaluation: { summary: '考核 Evaluation of a period: run, list', load: async () => (await import('./evaluation.ts')).evaluationCommand },
  warnings: { summary: '预警 Early warnings: list, ack, close, sweep', load: async () => (await import('./warnings.ts')).warningsCommand },
  government: { summary: '政务诚信 Government credit evaluation: evaluation [--region CODE] [--json]', load: async () => (await import('./government.ts')).governmentCommand },
  classify: { summary: '信用分类 Credit classification: --subject CODE, run [--model FILE], stats', load: async () => (await import('./classify.ts')).classifyCommand },
  nodes: { summary: '下级节点 Child nodes at a parent: add, list, rotate, revoke', load: async () => (await import('./exchange.ts')).nodesCommand },
  upstream: { summary: '上级平台 This node’s parent: set --url --key-id --secret', load: async () => (await import('./exchange.ts')).upstreamCommand },
  counties: { summary: '县级虚拟平台 County virtual platforms: enable --region CODE, disable, list', load: async () => (await import('./counties.ts')).countiesCommand },
  exchange: { summary: '节点交换 Exchange: status, relay, pull, export/import/ack (数据拷贝), rejected, dismiss', load: async () => (await import('./exchange.ts')).exchangeCommand },
  bench: { summary: '性能测试 Benchmarks: npm run bench -- collect [--json]', load: async () => (await import('./bench.ts')).benchCommand },
};
