// Credit-check feedback deadlines computed again when the calendar changes (a year's holiday
// notice loaded): sanctions owns credit_check, so the calendar module calls this rather than
// writing the table itself.
import type { Db } from '../../kernel/db.ts';
import type { Calendar } from '../../kernel/calendar.ts';
import { ruleInForce } from '../../kernel/rules.ts';
import type { SanctionsRule } from './sanctions.rules.ts';
import { pendingFeedbackDeadlines, updateFeedbackDue } from './checks.store.ts';

// Every check still owing feedback due on or after `fromDue`, with `calendar` as the transaction
// sees it; answers how many were computed again and how many changed.
export async function recomputeFeedbackDeadlines(
  tx: Db,
  calendar: Pick<Calendar, 'addWorkingDays'>,
  rules: readonly SanctionsRule[],
  fromDue: string,
): Promise<{ feedback: number; changed: number }> {
  const pending = await pendingFeedbackDeadlines(tx, fromDue);
  const feedback = pending.map((c) => ({ id: c.id, feedbackDue: calendar.addWorkingDays(c.checkedOn, ruleInForce(rules, c.checkedOn).feedbackWorkingDays), was: c.feedbackDue }));
  await updateFeedbackDue(tx, feedback);
  return { feedback: feedback.length, changed: feedback.filter((f) => f.feedbackDue !== f.was).length };
}
