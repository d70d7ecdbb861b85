// Identity of a subject on the public portal. A subject proves who it is through something it
// controls, never through a contact it types in:
//   - the identity provider (统一身份认证, OpenID Connect): identity-oidc.service.ts;
//   - an organization's enterprise digital certificate (SM2): identity-certificate.service.ts;
//   - a one-time code sent only to a contact already on file for the subject (here).
// Staff at a service window file on behalf of someone who showed an ID in person (objections).
// Every path ends in openSession: a token (header X-Xy-Subject-Token) for the subject.
import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Platform } from '../../platform.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import type { Db } from '../../kernel/db.ts';
import { DomainError, badRequest, unauthorized } from '../../kernel/errors.ts';
import { ruleInForce } from '../../kernel/rules.ts';
import { normalizeCode } from '../../kernel/codes/normalize.ts';
import { findSubjectByCode, findSubjectById, type Subject } from '../subjects/subjects.store.ts';
import { challengeProblem, challengeRefusal, mayDeliver, normalizeName, parseContact, type Contact } from './rights.rules.ts';
import { rightsChannels } from './rights.channels.ts';
import * as store from './identity.store.ts';
import { addressKey } from '../../kernel/address-key.ts';

export const SUBJECT_TOKEN_HEADER = 'x-xy-subject-token';

export const PURPOSES = ['credit-file', 'objection', 'repair', 'report', 'authorization'] as const;
export type Purpose = (typeof PURPOSES)[number];

export function checkPurpose(raw: string | undefined): Purpose {
  const purpose = raw ?? 'credit-file';
  if (!(PURPOSES as readonly string[]).includes(purpose)) throw badRequest('PURPOSE_UNKNOWN', `未知用途 ${purpose}`, `Unknown purpose ${purpose}`);
  return purpose as Purpose;
}

const PUBLIC_ACTOR: Actor = { id: 'public', kind: 'public' };
const identityRule = (p: Platform) => ruleInForce(p.rules.rights, p.today()).identity;

// ---- one-time code to a contact on file ----------------------------------------------------------

export type ChallengeInput = { code: string; name: string; purpose?: string; channel?: 'mobile' | 'email' };
export type ChallengeAnswer = { challengeId: string; expiresAt: string; digits: number; sentTo: 'contact-on-file'; note: { zh: string; en: string } };

const SENT_NOTE = {
  zh: '如代码和名称与平台记录一致，且平台存有该主体的联系方式（由部门登记或此前经统一身份认证核验），验证码已发送至该联系方式。平台不显示也不接受新填写的号码。未收到验证码时，请使用统一身份认证或企业数字证书，或到政务服务窗口办理。',
  en: 'If the code and name match the platform’s records and a contact is on file for that subject (registered by a department or verified earlier through the identity provider), the code went to that contact. The platform neither shows nor accepts a contact typed in here. If no code arrives, sign in with the identity provider or an enterprise certificate, or apply at a service window.',
};

// The same answer, after the same work, whether or not the code and name match a subject with a
// contact on file: nobody learns from it who is on the platform.
export async function startChallenge(p: Platform, input: ChallengeInput, ip: string | null): Promise<ChallengeAnswer> {
  const channel = rightsChannels(p).otp;
  if (!channel)
    throw new DomainError(503, 'OTP_CHANNEL_MISSING', '平台未配置验证码发送渠道，请使用统一身份认证或到政务服务窗口办理', 'No one-time-code channel is configured; sign in with the identity provider or apply at a service window');
  const code = input.code.trim();
  const name = input.name.trim();
  if (!code || !name) throw badRequest('IDENTITY_INCOMPLETE', '请填写主体代码（统一社会信用代码或身份证号码）和名称（姓名）', 'Enter the subject code (USCC or ID number) and the name');
  const purpose = checkPurpose(input.purpose);
  const now = p.now();
  const rule = identityRule(p);
  const identityKey = p.crypto.contentMac(`identity\u0000${normalizeCode(code)}\u0000${normalizeName(name)}`);
  const requesterKey = p.crypto.contentMac(`requester\u0000${addressKey(ip)}`); // an IPv6 /64 is one requester
  const subject = await findSubjectByCode(p.db, code, p.crypto).catch(() => undefined);
  const matched = subject && normalizeName(subject.name) === normalizeName(name) ? subject : undefined;
  const contacts = await store.liveContacts(p.db, matched?.id ?? -1);
  const contact = contacts.find((c) => c.kind === input.channel) ?? contacts[0];
  const counts = await store.challengeCounts(p.db, {
    requesterKey,
    identityKey,
    contactId: contact?.id ?? null,
    subjectId: matched?.id ?? null,
    hour: new Date(now.getTime() - 3_600_000),
    day: new Date(now.getTime() - 86_400_000),
  });
  const refusal = challengeRefusal(counts, rule);
  if (refusal) throw new DomainError(429, refusal.code, refusal.zh, refusal.en);
  const deliver = contact && mayDeliver(counts, rule) ? contact : undefined;
  const otp = String(randomInt(0, 10 ** rule.otpDigits)).padStart(rule.otpDigits, '0');
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + rule.otpMinutes * 60_000);
  await p.db.tx(async (tx) => {
    await store.insertChallenge(tx, {
      id,
      subjectId: matched?.id ?? null,
      identityKey,
      purpose,
      channel: channel.name,
      destinationMasked: deliver?.masked ?? '-',
      otpMac: otpMac(p, id, otp),
      createdAt: now,
      expiresAt,
      maxAttempts: rule.maxAttempts,
      ip,
      contactId: deliver?.id ?? null,
      requesterKey,
    });
    // whether a code went out is for the auditor, not for the requester
    await writeAudit(tx, PUBLIC_ACTOR, 'identity.challenge', `identity-challenge:${id}`, { purpose, channel: channel.name, to: deliver?.masked ?? null, heldBack: Boolean(contact && !deliver) }, { ip: ip ?? undefined });
  });
  if (deliver) {
    const to: Contact = { kind: deliver.kind, value: p.crypto.decrypt(deliver.valueEnc), masked: deliver.masked };
    // after answering: a delivery's time would tell a match from none
    void channel.deliver({ to, code: otp, purpose, expiresAt }).catch(() => undefined);
  }
  return { challengeId: id, expiresAt: expiresAt.toISOString(), digits: rule.otpDigits, sentTo: 'contact-on-file', note: SENT_NOTE };
}

function otpMac(p: Platform, challengeId: string, otp: string): string {
  return p.crypto.contentMac(`otp\u0000${challengeId}\u0000${otp}`);
}

const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export type SubjectSummary = { id: string; kind: Subject['kind']; name: string; code: string | null; maskedId: string | null };
export type VerifyAnswer = { token: string; expiresAt: string; method: store.SessionMethod; subject: SubjectSummary | null; contacts: string[] };

export async function verifyChallenge(p: Platform, input: { challengeId: string; code: string }, ip: string | null): Promise<VerifyAnswer> {
  const now = p.now();
  const outcome = await p.db.tx(async (tx) => {
    const c = await store.findChallengeForUpdate(tx, input.challengeId.trim());
    if (!c) return { ok: false as const, error: badRequest('IDENTITY_CHALLENGE_UNKNOWN', '验证请求不存在，请重新获取验证码', 'Unknown challenge; request a new code') };
    const problem = challengeProblem(c, now);
    if (problem) return { ok: false as const, error: badRequest(problem.code, problem.zh, problem.en) };
    const given = Buffer.from(otpMac(p, c.id, input.code.trim()), 'utf8');
    const expected = Buffer.from(c.otpMac, 'utf8');
    // a challenge whose code was never sent (no match, no contact, a limit) cannot verify
    if (given.length !== expected.length || !timingSafeEqual(given, expected) || c.contactId === null) {
      // counted and committed: the wrong code is refused after the transaction
      const attempts = await store.countWrongAttempt(tx, c.id);
      await writeAudit(tx, PUBLIC_ACTOR, 'identity.wrong-code', `identity-challenge:${c.id}`, { attempts }, { ip: ip ?? undefined });
      const left = Math.max(0, c.maxAttempts - attempts);
      return { ok: false as const, error: badRequest('IDENTITY_CODE_WRONG', `验证码错误，还可尝试 ${left} 次`, `Wrong code; ${left} attempt(s) left`, { attemptsLeft: left }) };
    }
    await store.markVerified(tx, c.id, now);
    return { ok: true as const, answer: await openSession(p, tx, { subjectId: c.subjectId, method: 'otp', challengeId: c.id, identityRef: null, purpose: c.purpose, ip }) };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.answer;
}

// A session for a subject whose identity was proved (or for nobody on file: an empty file).
export async function openSession(
  p: Platform,
  tx: Db,
  s: { subjectId: number | null; method: store.SessionMethod; challengeId: string | null; identityRef: string | null; purpose: string; ip: string | null },
): Promise<VerifyAnswer> {
  const now = p.now();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + identityRule(p).sessionMinutes * 60_000);
  const sessionId = await store.insertSession(tx, { tokenHash: tokenHash(token), challengeId: s.challengeId, subjectId: s.subjectId, method: s.method, identityRef: s.identityRef, createdAt: now, expiresAt });
  const subject = s.subjectId ? await subjectById(tx, s.subjectId) : undefined;
  const contacts = subject ? (await store.liveContacts(tx, subject.id)).map((c) => c.masked) : [];
  await writeAudit(tx, { id: `subject-session:${sessionId}`, kind: 'public' }, 'identity.verified', subject ? `subject:${subject.publicId}` : `subject-session:${sessionId}`, { purpose: s.purpose, session: sessionId, method: s.method }, { ip: s.ip ?? undefined });
  return { token, expiresAt: expiresAt.toISOString(), method: s.method, subject: subject ? summarize(subject) : null, contacts };
}

const subjectById = (db: Db, id: number): Promise<Subject | undefined> => findSubjectById(db, id);

export function summarize(s: Subject): SubjectSummary {
  return { id: s.publicId, kind: s.kind, name: s.name, code: s.uscc ?? s.regNo ?? null, maskedId: s.idMasked };
}

export type VerifiedSubject = { sessionId: number; method: store.SessionMethod; subject: Subject | undefined; actor: Actor };

// The subject behind a session token (header X-Xy-Subject-Token); 401 when absent or expired.
export async function verifiedSubject(p: Platform, token: string | undefined, ip: string | null): Promise<VerifiedSubject> {
  if (!token || token.length > 200)
    throw unauthorized('SUBJECT_TOKEN_REQUIRED', '请先通过身份核验（统一身份认证、企业数字证书或验证码）', 'Prove your identity first (identity provider, enterprise certificate or one-time code)');
  const s = await store.findLiveSession(p.db, tokenHash(token), p.now());
  if (!s) throw unauthorized('SUBJECT_TOKEN_INVALID', '身份核验已过期，请重新核验', 'Your identity check has expired; verify again');
  const subject = s.subjectId ? await subjectById(p.db, s.subjectId) : undefined;
  return { sessionId: s.id, method: s.method, subject, actor: { id: subject ? `subject:${subject.publicId}` : `subject-session:${s.id}`, kind: 'public', ip: ip ?? undefined } };
}

// ---- contacts on file ----------------------------------------------------------------------------

export type ContactSource = { source: 'department'; departmentId: number } | { source: 'oidc'; sessionRef: string };

// A department puts on file a contact from its own records; the identity provider's verified
// claims do the same. Audited; the contact is stored encrypted and shown masked.
export async function registerContact(p: Platform, tx: Db, actor: Actor, subject: Subject, raw: string, from: ContactSource): Promise<{ masked: string; added: boolean }> {
  const contact = parseContact(raw);
  if (!contact) throw badRequest('CONTACT_INVALID', '联系方式应为手机号码或电子邮箱', 'The contact must be a mobile number or an e-mail address');
  const r = await store.addContact(tx, {
    subjectId: subject.id,
    kind: contact.kind,
    valueEnc: p.crypto.encrypt(contact.value),
    valueMac: p.crypto.contentMac(`contact\u0000${contact.kind}\u0000${contact.value}`),
    masked: contact.masked,
    source: from.source,
    sourceRef: from.source === 'department' ? `department:${from.departmentId}` : from.sessionRef,
    at: p.now(),
  });
  if (r.added) await writeAudit(tx, actor, 'subject-contact.add', `subject:${subject.publicId}`, { contact: contact.masked, source: from.source });
  return { masked: contact.masked, added: r.added };
}

export async function hasRecordFrom(p: Platform, subjectId: number, departmentId: number): Promise<boolean> {
  return store.subjectHasRecordFrom(p.db, subjectId, departmentId);
}
