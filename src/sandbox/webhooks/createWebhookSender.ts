import type { FastifyBaseLogger } from 'fastify';

export interface WebhookSenderOptions {
  /** Names the sender in log lines. */
  readonly name: string;
  /** Signature headers for one attempt: each attempt is signed afresh, with its own timestamp (HubSpot also signs the URL). */
  readonly sign: (eventId: string, body: string, nowMs: number, url: string) => Record<string, string>;
  /** Waits before each retry; the delivery is given up after the last. */
  readonly retryDelaysMs: readonly number[];
  readonly timeoutMs: number;
  readonly logger?: FastifyBaseLogger;
}

export interface WebhookSender {
  /** Where events go from now on; undefined stops sending (events then go nowhere, as with no endpoint). */
  setTarget(url: string | undefined): void;
  target(): string | undefined;
  /** Sends in the background, retrying failures with backoff. */
  send(eventId: string, body: string): void;
  /** Deliveries not yet answered 2xx nor given up. */
  pending(): number;
  /** Cancels pending retries and in-flight attempts. */
  stop(): void;
}

/**
 * Delivers a product's events the way the product does: POST JSON to the endpoint, 2xx means
 * delivered, anything else (or no answer in time) is retried after a growing delay.
 */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  let target: string | undefined;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<AbortController>();
  let pending = 0;

  async function attempt(url: string, eventId: string, body: string): Promise<string | undefined> {
    const controller = new AbortController();
    inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': `Switchyard-Sandbox/${options.name}`, ...options.sign(eventId, body, Date.now(), url) },
        body,
        signal: controller.signal,
        redirect: 'manual',
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? undefined : `HTTP ${response.status}`;
    } catch (error) {
      return (error as Error).name === 'AbortError' ? 'timed out' : (error as Error).message;
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
    }
  }

  function deliver(url: string, eventId: string, body: string, retry: number): void {
    void attempt(url, eventId, body).then((failure) => {
      if (stopped) return;
      if (failure === undefined) {
        pending -= 1;
        return;
      }
      const delay = options.retryDelaysMs[retry];
      if (delay === undefined) {
        pending -= 1;
        options.logger?.warn({ eventId, url, failure }, `${options.name} webhook given up after its last retry`);
        return;
      }
      options.logger?.info({ eventId, url, failure, retryInMs: delay }, `${options.name} webhook failed; retrying`);
      const timer = setTimeout(() => {
        timers.delete(timer);
        deliver(url, eventId, body, retry + 1);
      }, delay);
      timer.unref();
      timers.add(timer);
    });
  }

  return {
    setTarget(url) {
      target = url;
    },
    target: () => target,
    send(eventId, body) {
      if (stopped || target === undefined) return;
      pending += 1;
      deliver(target, eventId, body, 0);
    },
    pending: () => pending,
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const controller of inFlight) controller.abort();
      pending = 0;
    },
  };
}
