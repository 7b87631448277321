/**
 * The data of `<coffee-chat>` as a reactive controller: the user's profile, suggestions and requests, loaded through
 * one `@lit/task` Task (pending / complete / error) whenever the host's server or ticket changes, and the requests
 * refreshed every `pollInterval` ms while the page is visible.
 */
import { initialState, Task } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { callMe, type CoffeeProfile, type CoffeeRequest, type CoffeeSuggestion } from './api.js';

/** What `<coffee-chat>` shows. */
export interface CoffeeData {
  me: CoffeeProfile;
  suggestions: CoffeeSuggestion[];
  /** Newest first. */
  requests: CoffeeRequest[];
}

/** The element the controller loads for. */
export interface CoffeeDataHost extends ReactiveControllerHost {
  /** Server origin in use. */
  readonly server: string;
  /** Coffee ticket; nothing is loaded without one. */
  readonly ticket?: string;
  /** Refresh period of the requests (ms); 0 = never. */
  readonly pollInterval: number;
}

/** What the host hears from a full load (not from the quiet refreshes of the requests). */
export interface CoffeeDataEvents {
  /** A full load succeeded. */
  loaded(): void;
  /** A full load failed (`CoffeeApiError`, or anything thrown). What was shown before stays. */
  failed(error: unknown): void;
}

/** Task arguments: server, ticket, and `requests` for a refresh of the requests alone. */
type Args = [server: string, ticket: string | undefined, only?: 'requests'];

/**
 * Loads and refreshes the coffee data of its host. `value` is the last data loaded (kept while a reload runs, and
 * when a reload fails).
 */
export class CoffeeDataController implements ReactiveController {
  private readonly task: Task<Args, CoffeeData>;
  private timer?: ReturnType<typeof setInterval>;
  /** The signal of the full load running, if one is. */
  private fullLoad?: AbortSignal;
  private interval?: number;

  constructor(
    private readonly host: CoffeeDataHost,
    private readonly events: CoffeeDataEvents,
  ) {
    host.addController(this);
    this.task = new Task<Args, CoffeeData>(host, {
      args: () => [host.server, host.ticket],
      // Server and ticket decide a run; `only` marks a refresh and never triggers one by itself.
      argsEqual: (a, b) => a[0] === b[0] && a[1] === b[1],
      task: (args, { signal }) => this.load(args, signal),
    });
  }

  /** The data as last loaded, if any. */
  get value(): CoffeeData | undefined {
    return this.task.value;
  }

  /** Reload everything. Resolves when done; a failure goes to `events.failed`. */
  refresh(): Promise<void> {
    return this.task.run();
  }

  /**
   * Refresh the requests only, quietly (a failure keeps the list shown). Resolves when done. While a full load runs,
   * waits for it instead (it loads the requests too; a new run would cancel it).
   */
  refreshRequests(): Promise<void> {
    if (this.fullLoad) return this.task.taskComplete.then(() => {}, () => {});
    return this.task.run([this.host.server, this.host.ticket, 'requests']);
  }

  hostConnected(): void {
    this.restartTimer();
  }

  hostUpdate(): void {
    if (this.host.pollInterval !== this.interval) this.restartTimer();
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.interval = undefined;
  }

  private restartTimer() {
    clearInterval(this.timer);
    this.timer = undefined;
    this.interval = this.host.pollInterval;
    if (!(this.interval > 0)) return;
    this.timer = setInterval(() => {
      if (document.visibilityState === 'hidden' || !this.host.ticket || !this.task.value) return;
      // The run re-renders the host, which also opens the join windows that time has reached.
      void this.refreshRequests();
    }, this.interval);
  }

  private async load([server, ticket, only]: Args, signal: AbortSignal): Promise<CoffeeData | typeof initialState> {
    if (!ticket) return initialState;
    const get = <T>(path: string) => callMe<T>(server, ticket, 'GET', path, undefined, signal);
    const last = this.task.value;
    if (only === 'requests' && last) {
      try {
        return { ...last, requests: (await get<{ items: CoffeeRequest[] }>('/requests')).items };
      } catch {
        return last;
      }
    }
    this.fullLoad = signal;
    try {
      const [me, suggestions, requests] = await Promise.all([
        get<CoffeeProfile>(''),
        get<{ items: CoffeeSuggestion[] }>('/suggestions'),
        get<{ items: CoffeeRequest[] }>('/requests'),
      ]);
      if (!signal.aborted) this.events.loaded();
      return { me, suggestions: suggestions.items, requests: requests.items };
    } catch (e) {
      // A newer run superseded this one: its outcome is ignored, say nothing.
      if (!signal.aborted) this.events.failed(e);
      if (last) return last;
      throw e;
    } finally {
      if (this.fullLoad === signal) this.fullLoad = undefined;
    }
  }
}
