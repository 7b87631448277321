/**
 * A lazy chunk loader: `import()` once, shared by every caller; a failed load (network) is tried again at the next
 * call. Used for the join flow's and the room features' chunks.
 */
export function lazyChunk<T>(load: () => Promise<T>): () => Promise<T> {
  let chunk: Promise<T> | undefined;
  return () =>
    (chunk ??= load().catch((e: unknown) => {
      chunk = undefined;
      throw e;
    }));
}
