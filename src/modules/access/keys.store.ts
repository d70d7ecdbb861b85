// Field-encryption key management: the recorded blind-index scheme, the registry of sealed
// columns, and the set-based statements that re-encrypt them.
import type { Db } from '../../kernel/db.ts';
import type { IndexScheme, Keyring } from '../../kernel/crypto.ts';

// Every column that holds values sealed by platform.crypto.encrypt. A module that seals a new
// column adds it here, so that `xinyong keys reencrypt` and `keys status` cover it.
// (Identifiers come only from this list, never from input.)
export type SealedColumn = { table: string; key: string; column: string };
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'subject', key: 'id', column: 'id_cipher' },
  { table: 'record', key: 'id', column: 'sealed' },
  { table: 'api_client_secret', key: 'id', column: 'secret_cipher' },
  { table: 'staff_user', key: 'id', column: 'totp_secret' }, // TOTP secrets of staff (0002)
];

export const columnName = (c: SealedColumn) => `${c.table}.${c.column}`;

// The first start of an installation records its scheme; later starts use the recorded one,
// whatever XINYONG_CRYPTO says, because stored blind indexes and content MACs depend on it.
export async function ensureIndexScheme(db: Db, keyring: Keyring): Promise<IndexScheme> {
  await db.query('INSERT INTO field_crypto_scheme (id, suite, key_version) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING', [
    keyring.suite,
    keyring.active,
  ]);
  const row = (await db.one<{ suite: IndexScheme['suite']; keyVersion: number }>(
    'SELECT suite, key_version AS "keyVersion" FROM field_crypto_scheme WHERE id = 1',
  ))!;
  if (!keyring.keys.has(row.keyVersion))
    throw new Error(
      `key version ${row.keyVersion} holds this installation's blind indexes (${row.suite}) but is not loaded from ${keyring.source}; keep it among the keys (docs/operations.md, "Keys")`,
    );
  return { suite: row.suite, keyVersion: row.keyVersion };
}

// How many sealed values of a column are under each prefix (algorithm + key version).
export async function countByPrefix(db: Db, c: SealedColumn): Promise<{ prefix: string; n: number }[]> {
  return db.query<{ prefix: string; n: number }>(
    `SELECT split_part(${c.column}, ':', 1) AS prefix, count(*) AS n FROM ${c.table} WHERE ${c.column} IS NOT NULL GROUP BY 1 ORDER BY 1`,
  );
}

// The next rows after `afterKey` whose value is not under the active prefix (keyset order on
// the primary key: a run is linear, and an interrupted run restarts where rows still need it).
export async function staleSealed(db: Db, c: SealedColumn, activePrefix: string, afterKey: number, limit: number): Promise<{ key: number; value: string }[]> {
  return db.query<{ key: number; value: string }>(
    `SELECT ${c.key} AS key, ${c.column} AS value FROM ${c.table}
      WHERE ${c.key} > $1 AND ${c.column} IS NOT NULL AND split_part(${c.column}, ':', 1) <> $2
      ORDER BY ${c.key} LIMIT $3`,
    [afterKey, activePrefix, limit],
  );
}

// One statement for the whole chunk; a row changed meanwhile (old value differs) is left alone.
export async function replaceSealed(tx: Db, c: SealedColumn, rows: readonly { key: number; old: string; value: string }[]): Promise<number> {
  if (rows.length === 0) return 0;
  const done = await tx.query(
    `UPDATE ${c.table} AS t SET ${c.column} = u.value
       FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(key, old, value)
      WHERE t.${c.key} = u.key AND t.${c.column} = u.old
     RETURNING t.${c.key}`,
    [rows.map((r) => r.key), rows.map((r) => r.old), rows.map((r) => r.value)],
  );
  return done.length;
}
