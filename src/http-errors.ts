// The platform's own answer, in Chinese and English, for what Fastify and Node reject before a
// route runs: schema validation (ajv messages translated by ajv-i18n, the parameter named in
// Chinese), unknown paths, bodies and headers that are too large.
import type { FastifySchemaValidationError } from 'fastify';
import { createRequire } from 'node:module';
import type { ErrorBody } from './kernel/errors.ts';

// CommonJS, exporting the function itself
const localizeZh = createRequire(import.meta.url)('ajv-i18n/localize/zh') as (errors: unknown[]) => void;

const CONTEXT_ZH: Record<string, string> = { querystring: '查询参数', body: '请求体', params: '路径参数', headers: '请求头' };

// Parameters the API uses in many places; others are named by the Chinese words that begin their
// schema description, else by their code.
const NAMES_ZH: Record<string, string> = {
  q: '查询词',
  page: '页码',
  pageSize: '每页条数',
  limit: '条数',
  offset: '起始位置',
  id: '编号',
  code: '代码',
  uscc: '统一社会信用代码',
  name: '名称',
  category: '类别',
  status: '状态',
  kind: '种类',
  from: '起始时间',
  to: '截止时间',
  format: '格式',
  filename: '文件名',
  region: '行政区划',
  regionCode: '行政区划代码',
  department: '部门',
  subject: '主体',
  number: '编号',
  ref: '文书号',
  reason: '理由',
  purpose: '用途',
  username: '用户名',
  password: '密码',
  displayName: '姓名',
  role: '角色',
  scenario: '业务场景',
  edition: '版本',
  records: '记录',
  note: '说明',
  year: '年度',
  actor: '操作者',
  action: '操作',
  target: '对象',
  content: '内容',
  county: '县级区划代码',
  title: '称号',
  domain: '领域',
  deeds: '事迹',
  firstDay: '开始日期',
  lastDay: '截止日期',
};

// What a pattern asks for, in words: a member of the public should not read a regular expression.
const PATTERN_ZH: Record<string, string> = {
  '^\\d{6}$': '应为 6 位数字的行政区划代码（GB/T 2260）',
  '^13[0-9]{2}00$': '应为河北省设区市的行政区划代码（如 130100）',
  '^\\d{4}-\\d{2}-\\d{2}$': '应为 YYYY-MM-DD 格式的日期',
  '^\\d{1,18}$': '应为不超过 18 位的数字编号',
  '^[1-9]\\d{0,17}$': '应为不超过 18 位的正整数编号',
  '^[0-9a-fA-F]{64}$': '应为 64 位十六进制的 SHA-256 摘要',
  '^xk_[0-9a-f]{16}$': '应为接口凭证编号（xk_ 加 16 位十六进制）',
};

type AjvError = FastifySchemaValidationError & { parentSchema?: { description?: string; properties?: Record<string, { description?: string }> } };

function chineseName(prop: string, description: string | undefined): string {
  const lead = description?.match(/^[\u4e00-\u9fa5（）、]+/)?.[0];
  return NAMES_ZH[prop] ?? lead ?? prop;
}

function paramOf(e: AjvError): { path: string; zh: string } {
  const parts = e.instancePath.split('/').filter(Boolean);
  const missing = (e.params as { missingProperty?: string }).missingProperty;
  if (missing) {
    const path = [...parts, missing].join('.');
    return { path, zh: chineseName(missing, e.parentSchema?.properties?.[missing]?.description) };
  }
  const last = parts[parts.length - 1];
  if (!last) return { path: '', zh: '' };
  const shown = /^\d+$/.test(last) ? `第 ${Number(last) + 1} 项` : chineseName(last, e.parentSchema?.description);
  return { path: parts.join('.'), zh: shown };
}

// The values an enum allows (the schema's, never the submitted ones), so a clerk sees what to send
// instead of "must be equal to one of the allowed values"; a long list is cut with "…".
const ENUM_SHOWN = 24;
function allowedOf(e: AjvError): string[] {
  const values = ((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return values.length > ENUM_SHOWN ? [...values.slice(0, ENUM_SHOWN), '…'] : values;
}

export function validationError(errors: readonly FastifySchemaValidationError[], context: string | undefined): ErrorBody {
  const list = errors as readonly AjvError[];
  const en = list.map((e) => `${context ?? 'request'}${e.instancePath || ''} ${e.keyword === 'enum' ? `must be one of: ${allowedOf(e).join(', ')}` : (e.message ?? '')}`.trim());
  const zhList = list.map((e) => ({ ...e }));
  localizeZh(zhList);
  const where = CONTEXT_ZH[context ?? ''] ?? '请求';
  const zh = zhList.map((e, i) => {
    const p = paramOf(list[i]!);
    const missing = (list[i]!.params as { missingProperty?: string }).missingProperty;
    if (missing) return `${where}缺少“${p.zh}”（${p.path}）`;
    if (list[i]!.keyword === 'enum') {
      const wanted = `应为以下之一：${allowedOf(list[i]!).join('、')}`;
      return p.path ? `${where}“${p.zh}”（${p.path}）${wanted}` : `${where}${wanted}`;
    }
    if (list[i]!.keyword === 'pattern') {
      const wanted = PATTERN_ZH[(list[i]!.params as { pattern?: string }).pattern ?? ''] ?? '格式不正确';
      return p.path ? `${where}“${p.zh}”（${p.path}）${wanted}` : `${where}${wanted}`;
    }
    return p.path ? `${where}“${p.zh}”（${p.path}）${e.message ?? ''}` : `${where}${e.message ?? ''}`;
  });
  return {
    code: 'REQUEST_INVALID',
    zh: `请求参数不符合接口规范：${zh.join('；')}`,
    en: `The request does not match the API schema: ${en.join('; ')}`,
    // never the submitted data or schemas back (verbose errors carry both)
    details: list.map((e) => ({ instancePath: e.instancePath, keyword: e.keyword, params: e.params, message: e.message })),
  };
}

// Errors Fastify raises itself (body too large, bad content type, …): known codes get Chinese text.
const FASTIFY_ZH: Record<string, (msg: string) => { zh: string; en?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => ({ zh: '请求体过大，超出平台允许的大小', en: 'The request body is too large' }),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => ({ zh: '不支持该请求内容类型（Content-Type）', en: 'Unsupported Content-Type' }),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => ({ zh: '请求体为空，应为 JSON', en: 'The body is empty; JSON was expected' }),
  FST_ERR_CTP_INVALID_JSON_BODY: () => ({ zh: '请求体不是有效的 JSON', en: 'The body is not valid JSON' }),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => ({ zh: '请求体长度与 Content-Length 不符', en: 'The body length does not match Content-Length' }),
  FST_ERR_BAD_URL: () => ({ zh: '请求地址无效', en: 'Invalid URL' }),
};

export function frameworkError(code: string | undefined, message: string): ErrorBody {
  const known = code ? FASTIFY_ZH[code]?.(message) : undefined;
  if (known) return { code: code!, zh: known.zh, en: known.en ?? message };
  if (message.startsWith('Unexpected token') || message.includes('JSON')) return { code: code ?? 'REQUEST_REJECTED', zh: '请求体不是有效的 JSON', en: message };
  return { code: code ?? 'REQUEST_REJECTED', zh: '请求被拒绝', en: message };
}

// Node answers a request line or headers over its limit (maxHeaderSize, default 16 KB) itself, with
// a bare "431" before Fastify sees it; this writes the platform's JSON error instead.
export function clientErrorResponse(err: NodeJS.ErrnoException): string {
  const answers: Record<string, [number, string, ErrorBody]> = {
    HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', { code: 'HEADERS_TOO_LARGE', zh: '请求地址或请求头过长，超出平台允许的大小', en: 'The request URL or headers are too large' }],
    HPE_URI_TOO_LONG: [414, 'URI Too Long', { code: 'URL_TOO_LONG', zh: '请求地址过长', en: 'The request URL is too long' }],
  };
  const a = err.code ? answers[err.code] : undefined;
  const [status, text, body] = a ?? [400, 'Bad Request', { code: 'BAD_REQUEST', zh: '请求格式错误', en: 'Malformed request' }];
  const json = JSON.stringify({ error: body });
  return `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`;
}
