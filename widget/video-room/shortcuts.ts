/**
 * Opt-in keyboard shortcuts of the room (the element's `shortcuts` attribute; lazy, in the view-tools chunk):
 * M microphone, V camera, H raise/lower hand, C chat, Shift+L leave, ? this list (a help dialog). Single keys
 * without Ctrl/Alt/Meta (WCAG 2.1.4: they are off unless the page turns them on), never while typing in a field
 * (input, textarea, select, contenteditable, role=textbox — in the page or in the widget) and never auto-repeated.
 * The list is extensible: an action that is not there (no chat, no hand raising) has no shortcut and is not listed.
 */
import type { TranslationKey } from '../i18n/index.js';

/** One shortcut: the key (`KeyboardEvent.key`, lower case), Shift or not, its label, what it does. */
export interface Shortcut {
  key: string;
  shift?: boolean;
  /** How the key is shown in the help (`M`, `Shift + L`). */
  label: string;
  description: TranslationKey;
  run(): void;
}

/** The actions the room offers; shortcuts exist for those present. */
export interface ShortcutActions {
  mic?(): void;
  camera?(): void;
  hand?(): void;
  chat?(): void;
  leave?(): void;
}

/** The built-in shortcuts for the actions present, in the help's order. */
export function roomShortcuts(a: ShortcutActions): Shortcut[] {
  const all: [keyof ShortcutActions, string, boolean, string, TranslationKey][] = [
    ['mic', 'm', false, 'M', 'shortcuts.mic'],
    ['camera', 'v', false, 'V', 'shortcuts.camera'],
    ['hand', 'h', false, 'H', 'shortcuts.hand'],
    ['chat', 'c', false, 'C', 'shortcuts.chat'],
    ['leave', 'l', true, 'Shift + L', 'shortcuts.leave'],
  ];
  return all.flatMap(([name, key, shift, label, description]) => {
    const run = a[name];
    return run ? [{ key, shift, label, description, run: () => run.call(a) }] : [];
  });
}

/** Whether the key event comes from a place where the user types (page or shadow DOM). */
export function isTyping(e: Event): boolean {
  for (const n of e.composedPath()) {
    if (!(n instanceof HTMLElement)) continue;
    if (n.isContentEditable || n.matches('input, textarea, select, [role="textbox"], [role="combobox"]')) return true;
  }
  return false;
}

/** Listens to keydown on `target` (the document) and runs the matching shortcut; `?` opens the help. */
export class Shortcuts {
  private onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.repeat || e.ctrlKey || e.metaKey || e.altKey || isTyping(e)) return;
    if (e.key === '?') {
      e.preventDefault();
      return this.help();
    }
    const key = e.key.toLowerCase();
    const s = this.list().find((x) => x.key === key && !!x.shift === e.shiftKey);
    if (!s) return;
    e.preventDefault();
    s.run();
  };

  constructor(
    private target: EventTarget,
    private list: () => Shortcut[],
    private help: () => void,
  ) {}

  start(): void {
    this.target.addEventListener('keydown', this.onKey as EventListener);
  }

  stop(): void {
    this.target.removeEventListener('keydown', this.onKey as EventListener);
  }
}
