/**
 * Widget builds (one config, two modes):
 *  - default (`vite build`): npm ESM library → dist/npm/ (lit and livekit-client stay external; the in-room
 *    session is a lazy chunk). Types come from `tsc -p widget/tsconfig.build.json` → dist/npm/types.
 *  - `vite build --mode script-tag`: dist/widget/video-room.js, everything bundled and minified, with
 *    livekit-client + the in-room session in a lazy chunk next to it (`chunks/`). Chunks are imported with
 *    relative specifiers, which the browser resolves against the entry's URL, so the script works from any origin.
 */
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) => {
  if (mode === 'script-tag') {
    return {
      base: './',
      publicDir: false,
      build: {
        outDir: 'dist/widget',
        emptyOutDir: true,
        target: 'es2022',
        minify: true,
        sourcemap: true,
        // No preload helper/polyfill: the lazy chunk is a plain relative dynamic import.
        modulePreload: false,
        reportCompressedSize: true,
        chunkSizeWarningLimit: 600,
        rolldownOptions: {
          input: { 'video-room': 'widget/video-room.ts' },
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
  return {
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
});
