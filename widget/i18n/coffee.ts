/**
 * The `<coffee-chat>` strings: English registered at once (`addDefaults`), French and Arabic as lazy chunks that
 * `loadCoffeeLanguage()` fetches (after the `<video-room>` table of that language, which the embedded room needs).
 * Strings the integrator set with `addTranslation` win over the built-in ones.
 */
import coffeeEn from './coffee-en.js';
import { addBuiltIn, addDefaults, loadLanguage, type TranslationTable } from './index.js';

addDefaults(coffeeEn);

const lazy: Record<string, () => Promise<{ default: TranslationTable }>> = {
  fr: () => import('./coffee-fr.js'),
  ar: () => import('./coffee-ar.js'),
};
const loading = new Map<string, Promise<void>>();

/**
 * Make the built-in `<coffee-chat>` table for `lang` (or its primary subtag) available to `t()`. Never rejects
 * (a failed load leaves English); resolves at once when there is nothing to load.
 */
export function loadCoffeeLanguage(lang: string): Promise<void> {
  const primary = lang.toLowerCase().split('-')[0]!;
  const load = lazy[primary];
  if (!load) return loadLanguage(lang);
  let p = loading.get(primary);
  if (!p) {
    p = loadLanguage(lang)
      .then(load)
      .then((m) => {
        addBuiltIn(primary, m.default);
        delete lazy[primary];
      })
      .catch(() => {})
      .finally(() => loading.delete(primary));
    loading.set(primary, p);
  }
  return p;
}
