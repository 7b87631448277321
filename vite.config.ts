/**
 * Widget builds (one config, two modes):
 *  - default (`vite build`): npm ESM library → dist/npm/ (lit and livekit-client stay external; the in-room
 *    session is a lazy chunk). Types come from `tsc -p widget/tsconfig.build.json` → dist/npm/types.
 *  - `vite build --mode script-tag`: dist/widget/video-room.js, everything bundled and minified, with
 *    livekit-client + the in-room session in a lazy chunk next to it (`chunks/`); then dist/widget/coffee-chat.js,
 *    a separate bundle whose `<video-room>` (and livekit-client) are lazy chunks loaded on the first Join. Chunks are imported with
 *    relative specifiers, which the browser resolves against the entry's URL, so the script works from any origin.
 */
import ts from 'typescript';
import { build, defineConfig, type Plugin, type UserConfig } from 'vite';

/**
 * Minify the static text of lit's tagged templates (`html`, `svg`, `css`) in the widget's sources: the JS minifier
 * leaves template literals as they are. HTML: every whitespace run holding a line break becomes just the line
 * break(s) (the same whitespace to the HTML parser, so the same DOM rendering). CSS: comments go, indentation goes,
 * and spaces around `{ } ; , >` and after `:` go. Line breaks are kept, so source maps stay line-accurate.
 */
function minifyLitTemplates(): Plugin {
  const lines = (ws: string) => ws.replace(/[^\n]/g, '');
  const minifyHtml = (s: string) => s.replace(/\s*\n\s*/g, lines);
  const minifyCss = (s: string) =>
    s
      .replace(/\/\*[\s\S]*?\*\//g, lines)
      .replace(/\s*\n\s*/g, lines)
      .replace(/[ \t]*([{};,>])[ \t]*/g, '$1')
      .replace(/:[ \t]+/g, ':')
      .replace(/;(\s*)}/g, '$1}');
  return {
    name: 'minify-lit-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/widget\/.*\.ts$/.test(id) || !/\b(html|svg|css)`/.test(code)) return null;
      const file = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true);
      const edits: [number, number, string][] = [];
      const visit = (node: ts.Node) => {
        if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && ['html', 'svg', 'css'].includes(node.tag.text)) {
          const min = node.tag.text === 'css' ? minifyCss : minifyHtml;
          const t = node.template;
          // Raw text of each literal part, between its delimiters (` … ${, } … ${, } … `).
          const parts: ts.Node[] = ts.isNoSubstitutionTemplateLiteral(t) ? [t] : [t.head, ...t.templateSpans.map((s) => s.literal)];
          for (const p of parts) {
            const start = p.getStart(file) + 1;
            const end = p.end - (ts.isTemplateHead(p) || ts.isTemplateMiddle(p) ? 2 : 1);
            edits.push([start, end, min(code.slice(start, end))]);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
      let out = code;
      for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + text + out.slice(end);
      // Only horizontal space moved: every line keeps its number, so the incoming source map stays usable.
      return { code: out, map: null };
    },
  };
}

/**
 * Vite wraps every `import()` in `__vitePreload(factory, deps)`, a ~1 KB helper that adds `<link rel=modulepreload>`
 * for the chunk's dependencies and CSS. With `modulePreload: false` and no CSS files its `deps` are always empty,
 * so the whole helper comes down to calling the factory: ship a plain `import()` instead.
 */
function plainDynamicImport(): Plugin {
  return {
    name: 'plain-dynamic-import',
    transform(code, id) {
      if (id !== '\0vite/preload-helper.js') return null;
      return { code: 'export const __vitePreload = (load) => load();', map: null };
    },
    // And call sites `__vitePreload(() => import("x"), __VITE_PRELOAD__, import.meta.url)` become `import("x")`
    // (same length, padded with spaces, so the source map stays exact); the helper is then dead code.
    renderChunk(code) {
      const re = /__vitePreload\(\(\) => (import\("[^"]+"\)), (?:__VITE_PRELOAD__|\[\]), import\.meta\.url\)/g;
      if (!re.test(code)) return null;
      return { code: code.replace(re, (m, imp: string) => imp.padEnd(m.length, ' ')), map: null };
    },
  };
}

/**
 * livekit-client 2.23 waits for the first peer connection by polling its state every 50 ms
 * (`PCTransportManager.ensureTransportConnected`, marked FIXME upstream), so `room.connect()` resolves up to 50 ms
 * after the peer connection is connected: time a user waits on every join. Poll every 5 ms instead (a few dozen
 * timers during a connect). Only the script-tag bundles carry this (the npm build leaves livekit-client external).
 * The build fails when the loop is not found: after an upgrade, check whether upstream made it event-driven, then
 * drop this plugin. Measured with the join-time bench's phases (three interleaved pairs of 10 joins): peer connection
 * connected → `connected` 60–100 ms with the 50 ms poll, 35–42 ms with 5 ms.
 */
function livekitConnectPoll(): Plugin {
  const from = "yield sleep(50); // FIXME we shouldn't rely on `sleep` in the connection paths";
  return {
    name: 'livekit-connect-poll',
    transform(code, id) {
      if (!/\/livekit-client\/dist\/livekit-client\.esm\.mjs$/.test(id)) return null;
      if (code.split(from).length !== 2) this.error(`livekit-connect-poll: expected the connect poll once in ${id}; see vite.config.ts`);
      // Same length (a space for the digit), so the incoming source map stays exact.
      return { code: code.replace(from, from.replace('sleep(50);', 'sleep(5); ')), map: null };
    },
  };
}

/**
 * Script-tag build of one element: `dist/widget/NAME.js`, everything bundled and minified, lazy chunks in `chunks/`.
 * Each element is its own bundle (own copy of lit and the i18n helpers): in one build the two entries would share
 * chunks, and `video-room.js` would change and need more requests.
 */
function scriptTagBuild(name: 'video-room' | 'coffee-chat', emptyOutDir: boolean, plugins: Plugin[] = []): UserConfig {
  return {
    base: './',
    plugins: [minifyLitTemplates(), plainDynamicImport(), livekitConnectPoll(), ...plugins],
    publicDir: false,
    build: {
      outDir: 'dist/widget',
      emptyOutDir,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      // No preload helper/polyfill: the lazy chunk is a plain relative dynamic import.
      modulePreload: false,
      reportCompressedSize: true,
      chunkSizeWarningLimit: 600,
      rolldownOptions: {
        input: { [name]: `widget/${name}.ts` },
        preserveEntrySignatures: 'allow-extension',
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
        },
      },
    },
  };
}

/**
 * Once this build is written, run another one (the `<coffee-chat>` script-tag build after `<video-room>`'s, into the
 * same folder without emptying it), so that `vite build --mode script-tag` still builds every script-tag entry.
 */
function thenBuild(next: () => UserConfig): Plugin {
  return {
    name: 'then-build',
    apply: 'build',
    async closeBundle() {
      await build({ configFile: false, mode: 'script-tag', ...next() });
    },
  };
}

export default defineConfig(({ mode }) => {
  if (mode === 'script-tag') {
    // dist/widget/video-room.js (emptying the folder), then dist/widget/coffee-chat.js (its <video-room> is a lazy chunk).
    return scriptTagBuild('video-room', true, [thenBuild(() => scriptTagBuild('coffee-chat', false))]);
  }
  return {
    publicDir: false,
    plugins: [minifyLitTemplates()],
    build: {
      outDir: 'dist/npm',
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      sourcemap: true,
      lib: {
        entry: { index: 'widget/index.ts' },
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
      rolldownOptions: {
        external: [/^lit($|\/)/, /^@lit\//, /^lit-html($|\/)/, /^livekit-client($|\/)/],
        output: { chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
});
