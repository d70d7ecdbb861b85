// Identity check of a subject on the public portal, as far as the platform can: the subject's
// code and name, and a one-time code delivered through a pluggable channel to a contact the
// applicant gives. The answers do not depend on whether the code and name match a subject, so
// the check reveals nobody; a verified session for an unmatched identity sees an empty file.
import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Platform } from '../../platform.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { DomainError, badRequest, unauthorized } from '../../kernel/errors.ts';
import { ruleInForce } from '../../kernel/rules.ts';
import { normalizeCode } from '../../kernel/codes/normalize.ts';
import { findSubjectByCode, type Subject } from '../subjects/subjects.store.ts';
import { challengeProblem, challengeRefusal, normalizeName, parseContact } from './rights.rules.ts';
import { rightsChannels } from './rights.channels.ts';
import * as store from './identity.store.ts';

export const SUBJECT_TOKEN_HEADER = 'x-xy-subject-token';

export type ChallengeInput = { code: string; name: string; contact: string; purpose?: string };
export type ChallengeAnswer = { challengeId: string; channel: string; destination: string; expiresAt: string; digits: number };

const PURPOSES = ['credit-file', 'objection', 'repair', 'report'] as const;

export async function startChallenge(p: Platform, input: ChallengeInput, ip: string | null): Promise<ChallengeAnswer> {
  const channel = rightsChannels(p).otp;
  if (!channel)
    throw new DomainError(503, 'OTP_CHANNEL_MISSING', '平台未配置验证码发送渠道，请到政务服务窗口办理', 'No one-time-code channel is configured on this platform; apply at a service counter');
  const code = input.code.trim();
  const name = input.name.trim();
  if (!code || !name) throw badRequest('IDENTITY_INCOMPLETE', '请填写主体代码（统一社会信用代码或身份证号码）和名称（姓名）', 'Enter the subject code (USCC or ID number) and the name');
  const contact = parseContact(input.contact);
  if (!contact) throw badRequest('CONTACT_INVALID', '请填写有效的手机号码或电子邮箱，用于接收验证码', 'Enter a valid mobile number or e-mail address to receive the code');
  const purpose = input.purpose ?? 'credit-file';
  if (!(PURPOSES as readonly string[]).includes(purpose)) throw badRequest('PURPOSE_UNKNOWN', `未知用途 ${purpose}`, `Unknown purpose ${purpose}`);
  const now = p.now();
  const rule = ruleInForce(p.rules.rights, p.today()).identity;
  const identityKey = p.crypto.contentMac(`identity\u0000${normalizeCode(code)}\u0000${normalizeName(name)}`);
  const recent = await store.countRecentChallenges(p.db, identityKey, new Date(now.getTime() - 3_600_000));
  const refusal = challengeRefusal(recent, rule);
  if (refusal) throw new DomainError(429, refusal.code, refusal.zh, refusal.en);
  const subject = await findSubjectByCode(p.db, code, p.crypto).catch(() => undefined);
  const matched = subject && normalizeName(subject.name) === normalizeName(name) ? subject : undefined;
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
      destinationMasked: contact.masked,
      otpMac: otpMac(p, id, otp),
      createdAt: now,
      expiresAt,
      maxAttempts: rule.maxAttempts,
      ip,
    });
    // no subject in the event: it would tell an auditor-less reader nothing, and a matched
    // subject is recorded when the code is verified
    await writeAudit(tx, { id: 'public', kind: 'public' }, 'identity.challenge', `identity-challenge:${id}`, { purpose, channel: channel.name, to: contact.masked }, { ip: ip ?? undefined });
  });
  try {
    await channel.deliver({ to: contact, code: otp, purpose, expiresAt });
  } catch {
    throw new DomainError(502, 'OTP_DELIVERY_FAILED', '验证码发送失败，请稍后重试', 'The code could not be delivered; try again later');
  }
  return { challengeId: id, channel: channel.name, destination: contact.masked, expiresAt: expiresAt.toISOString(), digits: rule.otpDigits };
}

function otpMac(p: Platform, challengeId: string, otp: string): string {
  return p.crypto.contentMac(`otp\u0000${challengeId}\u0000${otp}`);
}

const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export type SubjectSummary = { id: string; kind: Subject['kind']; name: string; code: string | null; maskedId: string | null };
export type VerifyAnswer = { token: string; expiresAt: string; subject: SubjectSummary | null };

export async function verifyChallenge(p: Platform, input: { challengeId: string; code: string }, ip: string | null): Promise<VerifyAnswer> {
  const now = p.now();
  const rule = ruleInForce(p.rules.rights, p.today()).identity;
  const outcome = await p.db.tx(async (tx) => {
    const c = await store.findChallengeForUpdate(tx, input.challengeId.trim());
    if (!c) return { ok: false as const, error: badRequest('IDENTITY_CHALLENGE_UNKNOWN', '验证请求不存在，请重新获取验证码', 'Unknown challenge; request a new code') };
    const problem = challengeProblem(c, now);
    if (problem) return { ok: false as const, error: badRequest(problem.code, problem.zh, problem.en) };
    const given = Buffer.from(otpMac(p, c.id, input.code.trim()), 'utf8');
    const expected = Buffer.from(c.otpMac, 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      // counted and committed: the wrong code is refused after the transaction
      const attempts = await store.countWrongAttempt(tx, c.id);
      await writeAudit(tx, { id: 'public', kind: 'public' }, 'identity.wrong-code', `identity-challenge:${c.id}`, { attempts }, { ip: ip ?? undefined });
      const left = Math.max(0, c.maxAttempts - attempts);
      return { ok: false as const, error: badRequest('IDENTITY_CODE_WRONG', `验证码错误，还可尝试 ${left} 次`, `Wrong code; ${left} attempt(s) left`, { attemptsLeft: left }) };
    }
    await store.markVerified(tx, c.id, now);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + rule.sessionMinutes * 60_000);
    const sessionId = await store.insertSession(tx, { tokenHash: tokenHash(token), challengeId: c.id, subjectId: c.subjectId, createdAt: now, expiresAt });
    const subject = c.subjectId ? await subjectById(p, tx, c.subjectId) : undefined;
    await writeAudit(tx, { id: `subject-session:${sessionId}`, kind: 'public' }, 'identity.verified', subject ? `subject:${subject.publicId}` : `identity-challenge:${c.id}`, { purpose: c.purpose, session: sessionId }, { ip: ip ?? undefined });
    return { ok: true as const, answer: { token, expiresAt: expiresAt.toISOString(), subject: subject ? summarize(subject) : null } };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.answer;
}

async function subjectById(p: Platform, db: Platform['db'], id: number): Promise<Subject | undefined> {
  return db.one<Subject>(
    `SELECT id, public_id AS "publicId", kind, name, uscc, org_code AS "orgCode", reg_no AS "regNo", id_type AS "idType", id_masked AS "idMasked" FROM subject WHERE id = $1`,
    [id],
  );
}

export function summarize(s: Subject): SubjectSummary {
  return { id: s.publicId, kind: s.kind, name: s.name, code: s.uscc ?? s.regNo ?? null, maskedId: s.idMasked };
}

export type VerifiedSubject = { sessionId: number; subject: Subject | undefined; actor: Actor };

// The subject behind a session token (header X-Xy-Subject-Token); 401 when absent or expired.
export async function verifiedSubject(p: Platform, token: string | undefined, ip: string | null): Promise<VerifiedSubject> {
  if (!token || token.length > 200)
    throw unauthorized('SUBJECT_TOKEN_REQUIRED', '请先通过身份核验（获取并输入验证码）', 'Verify your identity first (request and enter a one-time code)');
  const s = await store.findLiveSession(p.db, tokenHash(token), p.now());
  if (!s) throw unauthorized('SUBJECT_TOKEN_INVALID', '身份核验已过期，请重新核验', 'Your identity check has expired; verify again');
  const subject = s.subjectId ? await subjectById(p, p.db, s.subjectId) : undefined;
  return { sessionId: s.id, subject, actor: { id: subject ? `subject:${subject.publicId}` : `subject-session:${s.id}`, kind: 'public', ip: ip ?? undefined } };
}
