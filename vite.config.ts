/**
 * Widget builds (one config, two modes, no hand-written plugins):
 *  - default (`vite build`): npm ESM library → dist/npm/ (lit and livekit-client stay external; the in-room
 *    session is a lazy chunk). Types come from `tsc -p widget/tsconfig.build.json` → dist/npm/types.
 *  - `vite build --mode script-tag`: dist/widget/video-room.js and dist/widget/coffee-chat.js, one build with two
 *    entries, everything bundled and minified; the chunks (`chunks/`) are shared, so a page with both elements loads
 *    lit, the join code and livekit-client (with the in-room view) once; one `codeSplitting` group (rolldown's
 *    documented option) keeps <video-room>'s first payload in one chunk. Chunks are imported with relative
 *    specifiers, which the browser resolves against the importing file's URL, so the scripts work from any origin.
 *    Library mode: an entry keeps its exports, and Vite adds no `modulePreload` helper around `import()` (the
 *    lazy chunks have nothing to preload); `output.minify: true` asks for whitespace minification too, which
 *    library mode leaves off by default.
 * Both minify the static text of lit's `html` and `css` templates (which a JS minifier leaves as it is) with the Lit
 * team's @lit-labs/rollup-plugin-minify-html-literals: −0.16 KB gzip on <video-room>'s first payload, −0.36 KB on
 * its total to join (bench/widget-size.ts, with and without).
 */
import minifyHTMLLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { defineConfig, type PluginOption, type UserConfig } from 'vite';

/** Our own element sources only (lit and livekit-client ship minified). */
const minifyTemplates = () => minifyHTMLLiterals({ include: ['widget/**/*.ts'], failOnError: true }) as PluginOption;

const scriptTag: UserConfig = {
  base: './',
  publicDir: false,
  plugins: [minifyTemplates()],
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // livekit-client (~540 KB raw) is one lazy chunk on purpose.
    chunkSizeWarningLimit: 600,
    lib: {
      entry: { 'video-room': 'widget/video-room.ts', 'coffee-chat': 'widget/coffee-chat.ts' },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rolldownOptions: {
      output: {
        // Minified like an app build: whitespace too, and no `/* @__PURE__ */` annotations (kept by default in
        // library mode for a consumer's bundler; these files go to the browser as they are).
        minify: true,
        comments: false,
        chunkFileNames: 'chunks/[name]-[hash].js',
        // <video-room>'s first payload in one chunk: the element module and everything it imports statically (lit,
        // the i18n core with the English pre-join strings, the theme, the pre-join code). Without this group,
        // rolldown splits it by which entry needs what: lit + i18n (shared with <coffee-chat>) apart from the
        // element, and gzip compresses lit and our templates better together: first payload 11.56 -> 10.98 KB gzip
        // (bench/widget-size.ts). The price: <coffee-chat> imports this chunk for lit, so a page with it loads the
        // pre-join code of <video-room> before its Join (registering the element still waits for Join): its first
        // payload 15.01 -> 19.26 KB gzip, and its Join then only loads the 0.16 KB entry for it.
        codeSplitting: {
          groups: [
            { name: 'video-room', test: /widget[\\/]video-room[\\/]video-room\.ts$/ },
            // What both elements use after their first payload, in one file instead of two (lit's `repeat` directive and
            // the events' base class): one request fewer on <video-room>'s join and on <coffee-chat>'s first payload,
            // total to join 155.02 -> 154.91 KB gzip, <coffee-chat>'s first payload 19.21 -> 19.08 KB (bench/widget-size.ts).
            { name: 'shared', test: /lit(-html)?[\\/](directives[\\/]repeat|directive-helpers|directive)\.js$|widget[\\/]events[\\/]base\.ts$/ },
          ],
        },
      },
    },
  },
};

const npm: UserConfig = {
  publicDir: false,
  plugins: [minifyTemplates()],
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

export default defineConfig(({ mode }) => (mode === 'script-tag' ? scriptTag : npm));
