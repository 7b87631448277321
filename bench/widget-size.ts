/**
 * Size of what a page downloads for <video-room>: the script-tag entry (first payload) and the total
 * with the lazily loaded livekit-client chunk. Run after `npm run build:widget`.
 *   npx tsx bench/widget-size.ts
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const dir = new URL('../dist/widget/', import.meta.url).pathname;
const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.js') && statSync(join(dir, f)).isFile());
const size = (f: string) => {
  const b = readFileSync(join(dir, f));
  return { raw: b.length, gz: gzipSync(b, { level: 9 }).length };
};
const entry = size('video-room.js');
const total = files.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz }), { raw: 0, gz: 0 });
const kb = (n: number) => (n / 1024).toFixed(1);
console.log(`widget-entry-raw ${kb(entry.raw)} KB`);
console.log(`widget-entry-gzip ${kb(entry.gz)} KB (target 10)`);
console.log(`widget-total-raw ${kb(total.raw)} KB (${files.length} files)`);
console.log(`widget-total-gzip ${kb(total.gz)} KB (target 155)`);
