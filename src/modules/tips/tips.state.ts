// The tips module's own state for one platform (composed in src/platform.ts): the field crypto of
// the tip key (config.tipKeyring, apart from the master keys that seal ID numbers). Nothing else
// in the platform holds it, so no other module can open a reporter.
import type { Config } from '../../config.ts';
import { createFieldCrypto, type FieldCrypto } from '../../kernel/crypto.ts';

export type TipsState = { crypto: FieldCrypto };

export function createTipsState(config: Pick<Config, 'tipKeyring'>): TipsState {
  const k = config.tipKeyring;
  // the keyed hashes (address keys of the rate counters) are never stored past their window, so
  // they simply follow the active tip key
  return { crypto: createFieldCrypto(k, { suite: k.suite, keyVersion: k.active }) };
}
