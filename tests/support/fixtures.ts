/**
 * File-scoped fixtures: something a test file starts once before its tests and stops after them, declared in one
 * line at the top of the file (`const s = useTestServer()`), instead of a `let` and a beforeAll/afterAll pair each.
 */
import { afterAll, beforeAll } from 'vitest';

/**
 * Starts `start()` in a beforeAll and `stop`s it in an afterAll, and returns a stand-in for it right away: reading a
 * property of the stand-in reads the started object's (methods bound to it), so module-level helpers can use it as
 * the object itself. Reading it before the beforeAll ran throws, naming `what`. Hooks run in the order files
 * register them (vitest `sequence.hooks: 'stack'`): afterAll hooks registered later run first, so declare the
 * fixtures a file's own afterAll relies on before it.
 */
export function beforeAllStarted<T extends object>(what: string, start: () => Promise<T>, stop: (started: T) => Promise<unknown>): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    if (started) await stop(started);
  });
  return new Proxy({} as T, {
    get(_, key) {
      if (!started) throw new Error(`${what} is not started yet: it starts in beforeAll (read it inside hooks and tests)`);
      const value = Reflect.get(started, key, started) as unknown;
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}
