/**
 * Tiny i18n for the widget (modelled on media-chrome's `utils/i18n.ts`): per-language tables,
 * `t(key, params?, lang?)`, `addTranslation(lang, table)`, `loadLanguage(lang)`.
 *
 * English is built in: the pre-join strings in the first script payload, the camera/microphone problem texts when
 * one is to be shown (`loadMediaTexts`), the rest with the join chunk (`addDefaults`). French and Arabic are small lazy chunks (kept out of the first script payload) that
 * `loadLanguage()` fetches — `<video-room>` awaits it before rendering.
 * Language resolution: exact tag (`fr-ca`), then its primary subtag (`fr`), then English.
 * Missing keys in a table fall back to English.
 */
import en, { type TranslationKey } from './en.js';

export type { TranslationKey };
/** A (possibly partial) translation table: key → string with `{param}` placeholders. */
export type TranslationTable = Partial<Record<TranslationKey, string>>;

/** English, the fallback of every language: the pre-join strings now, the join strings once `addDefaults` ran. */
const base: TranslationTable = en;
const tables = new Map<string, TranslationTable>([['en', base]]);

/**
 * Complete the built-in English table with strings shipped in a lazy chunk (`en-join.ts`). Keys the integrator
 * already set with `addTranslation('en', …)` keep the integrator's text.
 * @internal
 */
export function addDefaults(table: TranslationTable): void {
  // `base` is only the fallback once the integrator added English strings (they live in a copy in `tables`).
  Object.assign(base, table);
}

/**
 * Add built-in strings for `lang` under the ones already there (the integrator's `addTranslation` strings win). For
 * the lazy tables of other elements (`<coffee-chat>`): call it after `loadLanguage(lang)` has resolved.
 * @internal
 */
export function addBuiltIn(lang: string, table: TranslationTable): void {
  const key = lang.toLowerCase();
  tables.set(key, { ...table, ...tables.get(key) });
}

/**
 * Make the English camera/microphone problem texts (`en-media.ts`, a lazy chunk) available to `t()`. Resolves `true`
 * once they are there, `false` when the chunk could not be loaded (never rejects).
 * @internal
 */
export function loadMediaTexts(): Promise<boolean> {
  return import('./en-media.js').then(
    (m) => (addDefaults(m.default), true),
    () => false,
  );
}

/** Built-in tables loaded on demand. */
const lazy: Record<string, () => Promise<{ default: TranslationTable }>> = {
  fr: () => import('./fr.js'),
  ar: () => import('./ar.js'),
};
const loading = new Map<string, Promise<void>>();

/**
 * Make the built-in table for `lang` (or its primary subtag) available to `t()`. Resolves at once when it is
 * already there or when no such built-in table exists; never rejects (a failed load leaves English).
 */
export function loadLanguage(lang: string = documentLanguage()): Promise<void> {
  const primary = lang.toLowerCase().split('-')[0];
  const load = lazy[primary];
  if (!load || (tables.has(primary) && !loading.has(primary))) return Promise.resolve();
  let p = loading.get(primary);
  if (!p) {
    p = load()
      .then((m) => {
        // Tables added by the integrator win over the built-in ones.
        tables.set(primary, { ...m.default, ...tables.get(primary) });
      })
      .catch(() => {})
      .finally(() => {
        delete lazy[primary];
        loading.delete(primary);
      });
    loading.set(primary, p);
  }
  return p;
}

const RTL = /^(ar|he|fa|ur|ps|yi|dv|ckb)(-|$)/i;

/**
 * Register or extend the strings of a language. Keys already present are overwritten, others kept.
 * @param lang BCP 47 tag, e.g. `de` or `pt-BR` (case-insensitive).
 * @param table key → string; `{name}` placeholders are filled by `t()`.
 */
export function addTranslation(lang: string, table: TranslationTable): void {
  const key = lang.toLowerCase();
  tables.set(key, { ...tables.get(key), ...table });
}

/** The language of the document (`<html lang>`), else the browser's, else `en`. */
export function documentLanguage(): string {
  return (typeof document !== 'undefined' && document.documentElement.lang) ||
    (typeof navigator !== 'undefined' && navigator.language) || 'en';
}

/**
 * The registered table tag that best matches `lang`: `fr-CA` → `fr-ca` if registered, else `fr`, else `en`.
 */
export function resolveLanguage(lang: string = documentLanguage()): string {
  const l = lang.toLowerCase();
  if (tables.has(l)) return l;
  const primary = l.split('-')[0];
  return tables.has(primary) ? primary : 'en';
}

/** Whether `lang` is written right-to-left (Arabic, Hebrew, Persian, Urdu…). */
export function isRtl(lang: string = documentLanguage()): boolean {
  return RTL.test(lang);
}

/**
 * Translate a key.
 * @param key a key of the English table.
 * @param params values for `{placeholder}`s.
 * @param lang BCP 47 tag; defaults to the document's language.
 * @returns the translated string, the English one if the language lacks the key, or the key itself.
 */
export function t(key: TranslationKey, params?: Record<string, string | number>, lang?: string): string {
  const s = tables.get(resolveLanguage(lang))?.[key] ?? base[key] ?? key;
  return params ? s.replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m)) : s;
}
