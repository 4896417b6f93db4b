/** Handlers still running, so closing a consumer waits for them instead of cutting them off. */
export interface InFlight {
  track<T>(work: () => Promise<T>): Promise<T>;
  /** Resolves once every tracked handler has finished (failures included). */
  settled(): Promise<void>;
}

export function createInFlight(): InFlight {
  const running = new Set<Promise<unknown>>();
  return {
    track(work) {
      const promise = work();
      const settledPromise = promise.then(
        () => undefined,
        () => undefined,
      );
      running.add(settledPromise);
      void settledPromise.then(() => running.delete(settledPromise));
      return promise;
    },
    async settled() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
