/**
 * `LitHtmlElement`: the base of `<video-room>`, a custom element rendered with lit-html (lit's template engine) into an
 * open shadow root, with lit's `static styles` (css-tag `adoptStyles`).
 *
 * Why not `LitElement`: `<video-room>`'s script-tag entry must stay within 10 KB gzip (issue 2), and LitElement's
 * ReactiveElement (controllers, decorators, converters, hydration hooks) is ~2.3 KB gzip of it. This base keeps the
 * subset `<video-room>` uses, with LitElement's names and semantics, so the element reads like a LitElement:
 * - `static properties` = `{ name: { attribute?: string, type?: Number, reflect?: boolean } }`: an accessor per
 *   property; the attribute (default: the lower-cased name) sets the property (`Number` converts, removal gives
 *   `null`); `reflect` writes the property back to the attribute (`null`/`undefined` removes it);
 * - `requestUpdate(name?, oldValue?)` → one batched update in a microtask, only once connected;
 *   `scheduleUpdate()` (override to wait for something first) → `performUpdate()`: `willUpdate(changed)`, reflection,
 *   `render()` → lit-html, `updated(changed)`, where `changed` maps each changed property to its old value;
 * - `updateComplete` resolves (`true` when no further update is pending) after the pending update;
 * - properties set on an element before its class was defined are kept (applied on the first update).
 * Everything else (reactive controllers, decorators, custom converters, `hasChanged`, SSR hydration) is not there:
 * use LitElement for an element that needs it (as `<coffee-chat>` does).
 */
import { adoptStyles, type CSSResultGroup, type CSSResultOrNative } from '@lit/reactive-element/css-tag.js';
import { render, type RootPart } from 'lit/html.js';

/** Options of one reactive property (the subset of LitElement's `PropertyDeclaration` this base supports). */
export interface PropertyDeclaration {
  /** Attribute name; default the property name in lower case. */
  attribute?: string;
  /** `Number`: the attribute is converted with `Number()`; default: the attribute's string. */
  type?: typeof Number | typeof String;
  /** Write the property back to the attribute after each change. */
  reflect?: boolean;
}

/** Changed properties of one update, each with its value before the update. */
export type PropertyValues = Map<PropertyKey, unknown>;

export abstract class LitHtmlElement extends HTMLElement {
  /** Reactive properties (see `PropertyDeclaration`). */
  static properties: Record<string, PropertyDeclaration> = {};
  /** Styles adopted by the shadow root. */
  static styles?: CSSResultGroup;
  /** attribute → property, built once per class by `observedAttributes` (read by `customElements.define`). */
  private static _attrs?: Map<string, string>;

  static get observedAttributes(): string[] {
    if (!Object.hasOwn(this, '_attrs')) {
      this._attrs = new Map();
      for (const [name, d] of Object.entries(this.properties)) {
        this._attrs.set(d.attribute ?? name.toLowerCase(), name);
        Object.defineProperty(this.prototype, name, {
          get(this: LitHtmlElement) {
            return this._values.get(name);
          },
          set(this: LitHtmlElement, v: unknown) {
            const old = this._values.get(name);
            this._values.set(name, v);
            this.requestUpdate(name, old);
          },
          configurable: true,
          enumerable: true,
        });
      }
    }
    return [...this._attrs!.keys()];
  }

  /** The open shadow root the element renders into (created on first connection). */
  renderRoot!: ShadowRoot;
  private _values = new Map<string, unknown>();
  private _changed: PropertyValues = new Map();
  private _reflect = new Set<string>();
  /** The property being set from its attribute (not reflected back), or being reflected (not read back). */
  private _syncing?: string;
  /** Values set on the element before its class was defined, applied on the first update. */
  private _early?: Map<string, unknown>;
  private _pending = false;
  private _update: Promise<boolean>;
  private _enable!: (v: boolean) => void;
  private _part?: RootPart;

  constructor() {
    super();
    this._update = new Promise((resolve) => (this._enable = resolve));
    const ctor = this.constructor as typeof LitHtmlElement;
    for (const name of Object.keys(ctor.properties)) {
      if (Object.hasOwn(this, name)) {
        (this._early ??= new Map()).set(name, (this as never)[name]);
        delete (this as never as Record<string, unknown>)[name];
      }
    }
    this.requestUpdate();
  }

  connectedCallback(): void {
    if (!this.renderRoot) {
      this.renderRoot = this.attachShadow({ mode: 'open' });
      const styles = (this.constructor as typeof LitHtmlElement).styles;
      adoptStyles(this.renderRoot, ([] as unknown[]).concat(styles ?? []).flat(Infinity) as CSSResultOrNative[]);
    }
    this._enable(true);
    this._part?.setConnected(true);
  }

  disconnectedCallback(): void {
    this._part?.setConnected(false);
  }

  attributeChangedCallback(attr: string, _old: string | null, value: string | null): void {
    const ctor = this.constructor as typeof LitHtmlElement;
    const name = ctor._attrs!.get(attr)!;
    if (this._syncing === name) return;
    this._syncing = name;
    (this as never as Record<string, unknown>)[name] = ctor.properties[name]!.type === Number && value !== null ? Number(value) : value;
    this._syncing = undefined;
  }

  /**
   * Ask for an update. With `name`, records that property's `oldValue` (nothing happens when the value did not
   * change) and reflects it when declared with `reflect` (unless it is being set from its attribute).
   */
  requestUpdate(name?: string, oldValue?: unknown): void {
    if (name !== undefined) {
      if (Object.is((this as never as Record<string, unknown>)[name], oldValue)) return;
      if (!this._changed.has(name)) this._changed.set(name, oldValue);
      if ((this.constructor as typeof LitHtmlElement).properties[name]?.reflect && this._syncing !== name) this._reflect.add(name);
    }
    if (!this._pending) {
      this._pending = true;
      this._update = this._enqueue();
    }
  }

  private async _enqueue(): Promise<boolean> {
    try {
      await this._update;
    } catch {
      // That update failed (its updateComplete rejected); this one still runs, as in LitElement.
    }
    await this.scheduleUpdate();
    return !this._pending;
  }

  /** Resolves after the pending update (`true` when no further update is pending), as LitElement's does. */
  get updateComplete(): Promise<boolean> {
    return this._update;
  }

  /** Runs the update; override to wait for something first, then `await super.scheduleUpdate()`. */
  protected scheduleUpdate(): void | Promise<unknown> {
    this.performUpdate();
  }

  /** `willUpdate` → reflection → `render()` → `updated`, once, with every change since the last update. */
  protected performUpdate(): void {
    if (!this._pending) return;
    if (this._early) {
      for (const [name, v] of this._early) (this as never as Record<string, unknown>)[name] = v;
      this._early = undefined;
    }
    this.willUpdate(this._changed);
    const changed = this._changed;
    this._changed = new Map();
    this._pending = false;
    const ctor = this.constructor as typeof LitHtmlElement;
    for (const name of this._reflect) {
      const attr = ctor.properties[name]!.attribute ?? name.toLowerCase();
      const v = (this as never as Record<string, unknown>)[name];
      this._syncing = name;
      if (v == null) this.removeAttribute(attr);
      else this.setAttribute(attr, String(v));
      this._syncing = undefined;
    }
    this._reflect.clear();
    this._part = render(this.render(), this.renderRoot, { host: this });
    this.updated(changed);
  }

  /** Before rendering: derive state from `changed` properties (setting properties here does not update again). */
  protected willUpdate(_changed: PropertyValues): void {}

  /** After rendering. */
  protected updated(_changed: PropertyValues): void {}

  /** The template of the shadow root (lit-html). */
  protected abstract render(): unknown;
}
