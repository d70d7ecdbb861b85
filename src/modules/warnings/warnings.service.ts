// Early warnings (预警, 冀社信发〔2018〕2号 四(十)): one place that raises, acknowledges, closes
// and lists them, for every module that watches something (monitoring now; federation and the
// court list clock later). At the bottom of the module map: it imports only access and the kernel.
import type { Db } from '../../kernel/db.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { badRequest, conflict, notFound } from '../../kernel/errors.ts';
import { findRegion } from '../../kernel/codes/region.ts';
import { controlCharacterMessage, findControlCharacter } from '../../kernel/text.ts';
import * as store from './warnings.store.ts';

export type { Warning, WarningState, WarningReason, WarningTargetKind, NewWarning } from './warnings.store.ts';

export const WARNING_KINDS: Record<string, { zh: string; en: string }> = {
  'department.silent': { zh: '部门逾期未报送', en: 'Department silent past its directory frequency' },
  'department.volume-drop': { zh: '部门报送量骤降', en: 'Department volume below half of its trailing average' },
  'region.below-target': { zh: '地区覆盖率或及时率低于年度目标', en: 'Region coverage or timeliness below the year’s target' },
  'exchange.link-silent': { zh: '交换链路静默（超时未报送或未拉取）', en: 'Exchange link silent beyond its threshold' },
  'subject.serious-records': { zh: '主体严重失信记录集中（疑似重大失信事件）', en: 'Subject accumulating serious records (candidate major dishonesty event)' },
  'list.removal-overdue': { zh: '履行完毕的名单条目逾期未移出', en: 'List entry fully performed but not exited by its deadline' },
};

// Idempotent per kind + target while not closed: raising again refreshes the reason and the
// last-seen day and audits nothing; a new warning is audited (warning.raise).
export async function raiseWarning(db: Db, actor: Actor, w: store.NewWarning): Promise<{ warning: store.Warning; created: boolean }> {
  if (!findRegion(w.regionCode)) throw new Error(`warning ${w.kind} ${w.target}: unknown region ${w.regionCode}`);
  return db.tx(async (tx) => {
    const r = await store.upsertLive(tx, w);
    if (r.created) await writeAudit(tx, actor, 'warning.raise', `warning:${r.warning.id}`, { kind: w.kind, target: w.target, reason: w.reason.en });
    return r;
  });
}

const MAX_NOTE = 2000;

function checkedNote(raw: string | undefined, required: boolean): string | null {
  const note = raw === undefined ? '' : cleanNote(raw);
  if (required && note === '') throw badRequest('WARNING_NOTE_REQUIRED', '确认预警需要填写处理说明', 'Acknowledging a warning needs a note');
  if (note.length > MAX_NOTE) throw badRequest('WARNING_NOTE_TOO_LONG', `说明不能超过 ${MAX_NOTE} 字`, `The note may have at most ${MAX_NOTE} characters`);
  return note || null;
}

function cleanNote(raw: string): string {
  const hit = findControlCharacter(raw, { allowWhitespaceControls: true });
  if (hit) {
    const m = controlCharacterMessage('说明', 'note', hit);
    throw badRequest(m.code, m.zh, m.en);
  }
  return raw.trim();
}

// `mayRead`: whether the caller may see a warning of this region (else it answers as missing).
async function getForChange(tx: Db, id: number, mayRead: (regionCode: string) => boolean): Promise<store.Warning> {
  const w = await store.findWarning(tx, id, true);
  if (!w || !mayRead(w.regionCode)) throw notFound('WARNING_NOT_FOUND', `预警 ${id} 不存在`, `Warning ${id} not found`);
  return w;
}

export async function acknowledgeWarning(db: Db, actor: Actor, id: number, note: string | undefined, at: Date, mayRead: (regionCode: string) => boolean = () => true): Promise<store.Warning> {
  const clean = checkedNote(note, true);
  return db.tx(async (tx) => {
    const w = await getForChange(tx, id, mayRead);
    if (w.state === 'closed') throw conflict('WARNING_CLOSED', `预警 ${id} 已关闭`, `Warning ${id} is closed`);
    const out = await store.setState(tx, id, { state: 'acknowledged', note: clean, by: actor.id, at });
    await writeAudit(tx, actor, 'warning.acknowledge', `warning:${id}`, { kind: w.kind, target: w.target });
    return out;
  });
}

export async function closeWarning(db: Db, actor: Actor, id: number, note: string | undefined, at: Date, mayRead: (regionCode: string) => boolean = () => true): Promise<store.Warning> {
  const clean = checkedNote(note, false);
  return db.tx(async (tx) => {
    const w = await getForChange(tx, id, mayRead);
    if (w.state === 'closed') return w; // closing twice changes nothing
    const out = await store.setState(tx, id, { state: 'closed', note: clean, by: actor.id, at });
    await writeAudit(tx, actor, 'warning.close', `warning:${id}`, { kind: w.kind, target: w.target });
    return out;
  });
}

// Closes the live warning of this kind and target, if there is one, because what it warned of
// has ended (a silent link spoke again): audited warning.close with the reason. Idempotent.
export async function closeResolvedWarning(db: Db, actor: Actor, o: { kind: string; target: string; note: string; at: Date }): Promise<store.Warning | undefined> {
  return db.tx(async (tx) => {
    const w = await store.findLive(tx, o.kind, o.target, true);
    if (!w) return undefined;
    const out = await store.setState(tx, w.id, { state: 'closed', note: o.note, by: actor.id, at: o.at });
    await writeAudit(tx, actor, 'warning.close', `warning:${w.id}`, { kind: w.kind, target: w.target, automatic: true, note: o.note });
    return out;
  });
}

export async function listWarnings(db: Db, f: store.WarningFilter): Promise<{ items: store.Warning[]; total: number }> {
  return store.listWarnings(db, f);
}
