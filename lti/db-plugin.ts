/**
 * ltijs 5.9.9 database plugin on our PostgreSQL (postgres.js): one `ltijs_documents` table, one jsonb document
 * per row, equality queries as jsonb containment. Mirrors ltijs's MongoDB driver (dist/Utils/Database.js):
 *  - `Get(key|false, collection, query?)` → array, or `false` when nothing matches; with a key, documents are
 *    decrypted (AES-256-CBC, key = sha256(secret), hex iv/data) and carry `createdAt` in epoch ms;
 *  - `Insert`, `Replace` (upsert), `Modify` (first match; encrypted: only the first key of the modification),
 *    `Delete` (all matches);
 *  - unique keys of its schemas are unique indexes (migration 1763820000000_lti.sql);
 *  - documents expire as its TTL indexes say (idtoken/contexttoken 24 h, accesstoken 1 h, nonce 10 s, state 600 s).
 * `Close()` is a no-op: the pool belongs to the server.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../server/db/db.js';

const TTL_SECONDS: Record<string, number> = {
  idtoken: 24 * 3600,
  contexttoken: 24 * 3600,
  accesstoken: 3600,
  nonce: 10,
  state: 600,
};

type Doc = Record<string, unknown>;

function keyOf(secret: string) {
  return createHash('sha256').update(secret).digest().subarray(0, 32);
}
export function encrypt(data: string, secret: string) {
  const iv = randomBytes(16);
  const c = createCipheriv('aes-256-cbc', keyOf(secret), iv);
  return { iv: iv.toString('hex'), data: Buffer.concat([c.update(data), c.final()]).toString('hex') };
}
export function decrypt(data: string, iv: string, secret: string) {
  const d = createDecipheriv('aes-256-cbc', keyOf(secret), Buffer.from(iv, 'hex'));
  return Buffer.concat([d.update(Buffer.from(data, 'hex')), d.final()]).toString();
}

export class PostgresLtiDatabase {
  private purgeCountdown = 0;
  constructor(private sql: Sql) {}

  /** Called by ltijs's deploy(); we also call it first ourselves (ltijs exits the process on failure). */
  async setup(): Promise<true> {
    await this.sql`SELECT 1 FROM ltijs_documents LIMIT 1`;
    await this.purge();
    return true;
  }

  async Close(): Promise<true> {
    return true;
  }

  private async purge() {
    await this.sql`DELETE FROM ltijs_documents WHERE expires_at < now()`;
  }

  private expiresAt(collection: string): Date | null {
    const ttl = TTL_SECONDS[collection];
    return ttl ? new Date(Date.now() + ttl * 1000) : null;
  }

  private stored(key: string | false, item: Doc, index?: Doc): Doc {
    if (!key) return item;
    const e = encrypt(JSON.stringify(item), key);
    return { ...index, iv: e.iv, data: e.data };
  }

  async Get(key: string | false, collection: string, query?: Doc): Promise<Doc[] | false> {
    if (!collection) throw new Error('MISSING_COLLECTION');
    const rows = await this.sql<{ doc: Doc; created_at: Date }[]>`
      SELECT doc, created_at FROM ltijs_documents
      WHERE collection = ${collection} AND (expires_at IS NULL OR expires_at > now())
        ${query && Object.keys(query).length ? this.sql`AND doc @> ${this.sql.json(query as never)}` : this.sql``}
      ORDER BY id`;
    if (rows.length === 0) return false;
    return rows.map((r) => {
      if (!key) return { ...r.doc, createdAt: r.created_at };
      const plain = JSON.parse(decrypt(String(r.doc.data), String(r.doc.iv), key)) as Doc;
      return { ...plain, createdAt: r.created_at.getTime() };
    });
  }

  async Insert(key: string | false, collection: string, item: Doc, index?: Doc): Promise<true> {
    if (!collection || !item || (key && !index)) throw new Error('MISSING_PARAMS');
    await this.sql`
      INSERT INTO ltijs_documents (collection, doc, expires_at)
      VALUES (${collection}, ${this.sql.json(this.stored(key, item, index) as never)}, ${this.expiresAt(collection)})`;
    if (--this.purgeCountdown <= 0) {
      this.purgeCountdown = 500;
      await this.purge();
    }
    return true;
  }

  async Replace(key: string | false, collection: string, query: Doc, item: Doc, index?: Doc): Promise<true> {
    if (!collection || !item || (key && !index)) throw new Error('MISSING_PARAMS');
    const doc = this.stored(key, item, index);
    await this.sql.begin(async (tx) => {
      // Serialise upserts of the same document (no unique key covers every query shape).
      await tx`SELECT pg_advisory_xact_lock(hashtext(${collection + JSON.stringify(query)}))`;
      const [hit] = await tx<{ id: string }[]>`
        SELECT id FROM ltijs_documents WHERE collection = ${collection} AND doc @> ${tx.json(query as never)} ORDER BY id LIMIT 1`;
      if (hit) {
        await tx`UPDATE ltijs_documents SET doc = ${tx.json(doc as never)}, created_at = now(), expires_at = ${this.expiresAt(collection)} WHERE id = ${hit.id}`;
      } else {
        await tx`INSERT INTO ltijs_documents (collection, doc, expires_at) VALUES (${collection}, ${tx.json(doc as never)}, ${this.expiresAt(collection)})`;
      }
    });
    return true;
  }

  async Modify(key: string | false, collection: string, query: Doc, modification: Doc): Promise<true> {
    if (!collection || !query || !modification) throw new Error('MISSING_PARAMS');
    await this.sql.begin(async (tx) => {
      const [hit] = await tx<{ id: string; doc: Doc }[]>`
        SELECT id, doc FROM ltijs_documents WHERE collection = ${collection} AND doc @> ${tx.json(query as never)} ORDER BY id LIMIT 1 FOR UPDATE`;
      if (!hit) return;
      let next: Doc;
      if (key) {
        const plain = JSON.parse(decrypt(String(hit.doc.data), String(hit.doc.iv), key)) as Doc;
        const [k, v] = Object.entries(modification)[0]!;
        plain[k] = v;
        const e = encrypt(JSON.stringify(plain), key);
        next = { ...hit.doc, iv: e.iv, data: e.data };
      } else {
        next = { ...hit.doc, ...modification };
      }
      await tx`UPDATE ltijs_documents SET doc = ${tx.json(next as never)} WHERE id = ${hit.id}`;
    });
    return true;
  }

  async Delete(collection: string, query: Doc): Promise<true> {
    if (!collection || !query) throw new Error('MISSING_PARAMS');
    await this.sql`DELETE FROM ltijs_documents WHERE collection = ${collection} AND doc @> ${this.sql.json(query as never)}`;
    return true;
  }
}
