// The reports module's own state for one platform (composed in src/platform.ts): the signing
// key, loaded (or, embedded, created) on the first report rather than at every start. Its own
// file so that opening the platform does not load the PDF renderer.
import type { Platform } from '../../platform.ts';
import { platformAuditSigner, type AuditSigner } from '../audit/audit.keys.ts';

export type ReportsState = { signer(): AuditSigner };

export function createReportsState(p: Platform): ReportsState {
  let s: AuditSigner | undefined;
  return { signer: () => (s ??= platformAuditSigner(p)) };
}
