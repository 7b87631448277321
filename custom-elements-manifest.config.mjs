/**
 * @custom-elements-manifest/analyzer: dist/npm/custom-elements.json, the widget's API for IDEs and Storybook
 * (elements, attributes, properties, events, slots, CSS parts and custom properties), read from the classes' JSDoc.
 * Run by `npm run build:widget`; package.json `customElements` points at the file (so the analyzer leaves
 * package.json alone: `packagejson: false`).
 */
export default {
  globs: ['widget/**/*.ts'],
  exclude: ['widget/i18n/**'],
  outdir: 'dist/npm',
  litelement: true,
  packagejson: false,
};
