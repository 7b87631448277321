/**
 * Widget builds (one config, two modes, no plugins of our own):
 *  - default (`vite build`): npm ESM library → dist/npm/ (lit and livekit-client stay external; the in-room
 *    session is a lazy chunk). Types come from `tsc -p widget/tsconfig.build.json` → dist/npm/types.
 *  - `vite build --mode script-tag`: dist/widget/video-room.js and dist/widget/coffee-chat.js, one build with two
 *    entries, everything bundled and minified; the chunks (`chunks/`) are shared, so a page with both elements loads
 *    lit, the join code and livekit-client (with the in-room view) once. Chunks are imported with relative
 *    specifiers, which the browser resolves against the importing file's URL, so the scripts work from any origin.
 *    Library mode: an entry keeps its exports, and Vite adds no `modulePreload` helper around `import()` (the
 *    lazy chunks have nothing to preload); `output.minify: true` asks for whitespace minification too, which
 *    library mode leaves off by default.
 */
import { defineConfig, type UserConfig } from 'vite';

const scriptTag: UserConfig = {
  base: './',
  publicDir: false,
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
      output: { minify: true, chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
};

const npm: UserConfig = {
  publicDir: false,
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
