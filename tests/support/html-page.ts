/**
 * Reading our server's HTML pages as a browser would (parse5, the WHATWG HTML parser), to check that hostile values
 * (a meeting title, a name, an error message) end up as text, never as markup.
 */
import { parse } from 'parse5';
import { expect } from 'vitest';

/** Values an attacker might put in a title, a name or a message, with the form hono/html's escaping gives them. */
export const HOSTILE = [
  { value: '<script>alert(1)</script>', escaped: '&lt;script&gt;alert(1)&lt;/script&gt;' },
  { value: `"'><img src=x onerror=alert(1)>`, escaped: '&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;' },
] as const;

interface Node { nodeName: string; tagName?: string; value?: string; attrs?: { name: string; value: string }[]; childNodes?: Node[]; content?: Node }

/** A parsed page: its elements in document order, an element's attribute and text content. */
export function parsePage(src: string) {
  const all: Node[] = [];
  const walk = (n: Node) => {
    if (n.tagName) all.push(n);
    for (const c of n.childNodes ?? []) walk(c);
    if (n.content) walk(n.content);
  };
  walk(parse(src) as unknown as Node);
  const attr = (e: Node, name: string) => e.attrs?.find((a) => a.name === name)?.value;
  const text = (n: Node): string => (n.nodeName === '#text' ? n.value! : (n.childNodes ?? []).map(text).join(''));
  return {
    elements: (tag: string) => all.filter((e) => e.tagName === tag),
    byId: (id: string) => all.find((e) => attr(e, 'id') === id),
    attr,
    text,
    /** Every `on…` attribute on any element (an injected event handler). */
    handlers: () => all.flatMap((e) => (e.attrs ?? []).filter((a) => a.name.startsWith('on')).map((a) => `${e.tagName} ${a.name}`)),
  };
}

/**
 * `page` holds `h.value` only as text: every HTML-special character escaped (`& < > " '`), no injected element or
 * event handler, and exactly `scripts` script elements (the page's own).
 */
export function expectOnlyAsText(page: string, h: (typeof HOSTILE)[number], scripts: number) {
  const p = parsePage(page);
  expect(p.elements('img')).toEqual([]);
  expect(p.handlers()).toEqual([]);
  expect(p.elements('script')).toHaveLength(scripts);
  expect(page).not.toContain(h.value);
  expect(page).toContain(h.escaped);
  return p;
}
