/** Server-wide secrets generated once and kept in the database (`app_secrets`), shared by every instance. */
import type { Tx } from './db.js';

/**
 * The secret called `name`, created with `generate()` on first use. Several instances racing
 * all end up with the first one written (INSERT … ON CONFLICT DO NOTHING, then read).
 */
export async function getOrCreateSecret(sql: Tx, name: string, generate: () => string): Promise<string> {
  await sql`INSERT INTO app_secrets (name, value) VALUES (${name}, ${generate()}) ON CONFLICT (name) DO NOTHING`;
  const [row] = await sql<{ value: string }[]>`SELECT value FROM app_secrets WHERE name = ${name}`;
  return row!.value;
}
