/**
 * Re-renders its host when the page's language (`<html lang>`) changes, for elements whose language follows the
 * document's.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class DocumentLangController implements ReactiveController {
  private observer?: MutationObserver;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.observer = new MutationObserver(() => this.host.requestUpdate());
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }
}
