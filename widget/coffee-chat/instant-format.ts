/**
 * Instants as `<coffee-chat>` shows them (`Mon 7 Dec, 14:30`): in the user's language and IANA zone, one cached
 * `Intl.DateTimeFormat` per pair.
 */
export class InstantFormat {
  private readonly formats = new Map<string, Intl.DateTimeFormat>();

  /**
   * @param iso an ISO 8601 instant, or null (→ '')
   * @param lang BCP 47 language tag
   * @param zone IANA zone; an unknown one falls back to the browser's zone (and default language)
   */
  format(iso: string | null, lang: string, zone: string): string {
    if (!iso) return '';
    const key = `${lang}\u0000${zone}`;
    let f = this.formats.get(key);
    if (!f) {
      const opts: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' };
      try {
        f = new Intl.DateTimeFormat(lang, { ...opts, timeZone: zone });
      } catch {
        f = new Intl.DateTimeFormat(undefined, opts);
      }
      this.formats.set(key, f);
    }
    return f.format(new Date(iso));
  }
}
