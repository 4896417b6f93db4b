import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { createSandboxClock } from './clock.js';
import { createCrmServer } from './crm/createCrmServer.js';
import { createErpServer } from './erp/createErpServer.js';
import { createPaymentsServer } from './payments/createPaymentsServer.js';
import { DEFAULT_SEED, reseedData, seedData } from './seed.js';
import type { SandboxCredentials, SandboxSystem } from './SandboxSystem.js';
import { SANDBOX_CREDENTIALS, SANDBOX_SYSTEMS } from './SandboxSystem.js';
import { createShippingServer } from './shipping/createShippingServer.js';

export type { SandboxCredentials, SandboxSystem } from './SandboxSystem.js';
export { SANDBOX_CREDENTIALS, SANDBOX_SYSTEMS } from './SandboxSystem.js';

export interface SandboxOptions {
  /** Seed of the generated dataset; the same seed gives the same data. Default 42. */
  seed?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Port per system; 0 or absent picks a free one. */
  ports?: Partial<Record<SandboxSystem, number>>;
  /** A pino logger for the four servers; without one they log nothing. */
  logger?: FastifyBaseLogger;
}

export interface Sandbox {
  /** Base URL per system, e.g. http://127.0.0.1:41234 (no trailing slash). */
  urls: Record<SandboxSystem, string>;
  credentials: SandboxCredentials;
  stop(): Promise<void>;
}

/** Seeds one dataset and starts the four simulated systems over it, each on its own port. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? DEFAULT_SEED;
  const host = options.host ?? '127.0.0.1';
  const credentials = SANDBOX_CREDENTIALS;
  const data = seedData(seed);
  const clock = createSandboxClock();
  const shared = {
    data,
    seed,
    clock,
    reseed: () => {
      reseedData(data, seed);
      clock.reset();
    },
    ...(options.logger ? { logger: options.logger } : {}),
  };
  const apps: Record<SandboxSystem, FastifyInstance> = {
    crm: createCrmServer({ ...shared, credentials: credentials.crm }),
    erp: createErpServer({ ...shared, credentials: credentials.erp }),
    payments: createPaymentsServer({ ...shared, credentials: credentials.payments }),
    shipping: createShippingServer({ ...shared, credentials: credentials.shipping }),
  };
  const closeAll = async (): Promise<void> => {
    await Promise.all(Object.values(apps).map((app) => app.close()));
  };

  let listening: string[];
  try {
    listening = await Promise.all(SANDBOX_SYSTEMS.map(async (system) => {
      await apps[system].listen({ host, port: options.ports?.[system] ?? 0 });
      const address = apps[system].server.address();
      if (address === null || typeof address === 'string') throw new Error(`The ${system} sandbox has no TCP address`);
      const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${urlHost}:${address.port}`;
    }));
  } catch (error) {
    await closeAll();
    throw error;
  }
  const urls = Object.fromEntries(SANDBOX_SYSTEMS.map((system, index) => [system, listening[index]])) as Record<SandboxSystem, string>;

  let stopping: Promise<void> | undefined;
  return {
    urls,
    credentials,
    stop: () => (stopping ??= closeAll()),
  };
}
