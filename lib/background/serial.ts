const running = new Map<string, Promise<unknown>>();

/**
 * Runs `work` after any earlier work under the same key has finished, within this worker's life.
 * A sheet retry and the on-wake resume of the same payment therefore never overlap.
 */
export function serially<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = running.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  running.set(key, next);
  void next
    .finally(() => {
      if (running.get(key) === next) running.delete(key);
    })
    .catch(() => undefined);
  return next;
}
