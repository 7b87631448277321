/**
 * Size of what a page downloads for <video-room> (script-tag build), gzip level 9. Run after `npm run build:widget`.
 *   npx tsx bench/widget-size.ts
 * - first payload: the entry plus every chunk it imports statically, i.e. all a page needs to show the pre-join
 *   screen (preview, device selectors, name, toggles, Join, their styles and English strings). Target 11 KB
 *   (issue 10: LitElement's own base).
 * - join: the chunks loaded when the user starts to join (join code, then livekit-client with the in-room view).
 * - page total: first payload + join, what an English page downloads to be in a room. Target 155 KB.
 * - coffee-chat first payload: what a page with only `<coffee-chat>` downloads before its Join (it shares lit, and so
 *   the chunk holding it, with `<video-room>`'s first payload).
 * - all files: also the French and Arabic tables (each loaded only by a page in that language), and `<coffee-chat>`.
 * - livekit-client copies: files holding livekit-client code (from the source maps). The two script-tag entries
 *   (video-room.js, coffee-chat.js) come from one build and share their chunks: target 1.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, normalize } from 'node:path';

const dir = new URL('../dist/widget/', import.meta.url).pathname;
const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.js') && statSync(join(dir, f)).isFile());
const code = (f: string) => readFileSync(join(dir, f), 'utf8');
const size = (f: string) => {
  const b = readFileSync(join(dir, f));
  return { raw: b.length, gz: gzipSync(b, { level: 9 }).length };
};
const sum = (fs: Iterable<string>) => [...fs].map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz }), { raw: 0, gz: 0 });
const resolveFrom = (from: string, spec: string) => normalize(join(dirname(from), spec));

/**
 * `f` and the chunks it imports statically, transitively (minified ES output: `import{…}from"./x.js"` / `import"./x.js"`,
 * and `export{…}from"./x.js"`).
 */
function withStaticImports(f: string, out = new Set<string>()): Set<string> {
  if (out.has(f)) return out;
  out.add(f);
  for (const m of code(f).matchAll(/(?:import|export)(?:[\w${},\s*]+from)?\s*["'`](\.{1,2}\/[^"'`]+)["'`]/g)) withStaticImports(resolveFrom(f, m[1]!), out);
  return out;
}
/** Chunks `f` imports dynamically (`import("./x.js")`). */
const dynamicImports = (f: string) => [...code(f).matchAll(/import\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g)].map((m) => resolveFrom(f, m[1]!));

const first = withStaticImports('video-room.js');
const joinChunks = new Set<string>();
for (const f of first) {
  for (const d of dynamicImports(f)) if (/join-flow|room-view/.test(d)) for (const g of withStaticImports(d)) if (!first.has(g)) joinChunks.add(g);
}
const kb = (n: number) => (n / 1024).toFixed(2);
const entry = size('video-room.js');
const firstSize = sum(first);
const joinSize = sum(joinChunks);
const all = sum(files);
console.log(`widget-entry-gzip ${kb(entry.gz)} KB (raw ${kb(entry.raw)} KB)`);
console.log(`widget-first-payload-gzip ${kb(firstSize.gz)} KB (target 11) (entry + chunks needed for the pre-join screen: ${first.size} file(s), raw ${kb(firstSize.raw)} KB)`);
console.log(`widget-join-chunks-gzip ${kb(joinSize.gz)} KB (loaded when the user starts to join: ${[...joinChunks].map((f) => f.replace(/^chunks\//, '').replace(/-[\w-]{8}\.js$/, '')).join(', ')})`);
console.log(`widget-page-total-gzip ${kb(firstSize.gz + joinSize.gz)} KB (target 155) (first payload + join chunks, English page, raw ${kb(firstSize.raw + joinSize.raw)} KB)`);
const livekit = files.filter((f) => (JSON.parse(readFileSync(join(dir, f + '.map'), 'utf8')).sources as string[]).some((s) => s.includes('node_modules/livekit-client/')));
console.log(`widget-livekit-client-copies ${livekit.length} file(s) (target 1) (${livekit.join(', ')})`);
const coffee = withStaticImports('coffee-chat.js');
console.log(`widget-coffee-chat-first-payload-gzip ${kb(sum(coffee).gz)} KB (coffee-chat.js and the chunks it imports statically: ${coffee.size} file(s), ${[...coffee].filter((f) => first.has(f)).length} of them shared with <video-room>'s first payload)`);
console.log(`widget-all-files-gzip ${kb(all.gz)} KB (${files.length} files, with the fr/ar tables, raw ${kb(all.raw)} KB)`);
