/**
 * The one place server-side HTML is written (pages of /j, attendance, /lti): hono/html's `html` tagged template,
 * which HTML-escapes every interpolated string (`& < > " '`), so a meeting title, a name or an error message is
 * always shown as text. Fragments made with `html` nest without being escaped twice; `null`, `undefined` and
 * booleans render as nothing (so `${cond && html`…`}` works), numbers as they are.
 *
 * Inside an inline `<script>` the HTML escapes would not be decoded: data goes in through `scriptJson` (JSON with
 * `<`, `>`, `&`, U+2028 and U+2029 as `\uXXXX`, so it can never close the script element), and the page's own
 * constant code through `raw` (trusted constants only: never a value from a request or the database).
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export { html, raw };
export type { HtmlEscapedString };
/** What `html` returns: a fragment or a page (a Promise only if a Promise was interpolated, which pages never do). */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** `value` as JSON for an inline `<script>` (a JS expression), safe against `</script>` and `<!--` in any string. */
export function scriptJson(value: unknown): HtmlEscapedString {
  const json = JSON.stringify(value) ?? 'undefined';
  return raw(json.replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * A finished page as a plain string (for `c.html` and tests). Our pages embed no Promise, so `html` returns its
 * result synchronously; a Promise here is a programming error and throws.
 */
export function pageString(doc: Html): string {
  if (doc instanceof Promise) throw new TypeError('pageString: a page must not embed a Promise');
  return doc.toString();
}
