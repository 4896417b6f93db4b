import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SandboxClock } from '../clock.js';
import type { FaultRegistry } from '../faults.js';
import { faultInputSchema } from '../faults.js';
import type { RateLimiter } from '../rateLimits.js';
import { rateLimitSchema } from '../rateLimits.js';
import type { RequestStats } from '../stats.js';
import type { WebhookSender } from '../webhooks/createWebhookSender.js';
import { jsonBody } from './requestBody.js';

export const CONTROL_PREFIX = '/_control/';

export interface ControlRoutesOptions {
  faults: FaultRegistry;
  stats: RequestStats;
  clock: SandboxClock;
  rateLimiter: RateLimiter;
  /** Re-seeds the shared dataset for `POST /_control/reset?data=true`. */
  reseed?: () => void;
  /** The system's webhook sender, whose target `/_control/webhooks` sets (systems that push events). */
  webhooks?: WebhookSender;
}

const clockInputSchema = z.strictObject({ advanceMs: z.number().int().min(0) });
const webhookTargetSchema = z.strictObject({ url: z.url({ protocol: /^https?$/ }).nullable() });

/** The control API every simulated system exposes, outside auth, faults, rate limits and stats. */
export function registerControlRoutes(app: FastifyInstance, { faults, stats, clock, rateLimiter, reseed, webhooks }: ControlRoutesOptions): void {
  app.get('/_control/faults', async () => ({ faults: faults.list() }));

  app.post('/_control/faults', async (request, reply) => {
    const body = jsonBody(request);
    if (!body.ok) return reply.code(400).send({ error: `The body must be JSON: ${body.error}` });
    const parsed = faultInputSchema.safeParse(body.value);
    if (!parsed.success) {
      return reply.code(400).send({ error: `Invalid fault: ${z.prettifyError(parsed.error)}`, issues: parsed.error.issues });
    }
    return { faults: faults.apply(parsed.data) };
  });

  app.delete('/_control/faults', async () => {
    faults.clear();
    return { faults: [] };
  });

  app.post('/_control/reset', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const withData = query.data === 'true' || query.data === '1';
    if (withData && !reseed) return reply.code(400).send({ error: 'This server cannot re-seed its data.' });
    faults.clear();
    stats.reset();
    rateLimiter.reset();
    if (withData) reseed?.();
    return { reset: true, data: withData };
  });

  app.get('/_control/stats', async () => stats.snapshot());

  const clockState = () => ({ now: new Date(clock.now()).toISOString() });
  app.get('/_control/clock', async () => clockState());

  // The clock only moves forward: going back would date new rows before existing ones.
  app.post('/_control/clock', async (request, reply) => {
    const body = jsonBody(request);
    const parsed = body.ok ? clockInputSchema.safeParse(body.value) : undefined;
    if (!parsed?.success) return reply.code(400).send({ error: 'The body must be { "advanceMs": <non-negative integer> }.' });
    clock.advance(parsed.data.advanceMs);
    return clockState();
  });

  const rateLimitState = () => ({ rateLimit: rateLimiter.current() ?? null });
  app.get('/_control/rate-limit', async () => rateLimitState());

  app.post('/_control/rate-limit', async (request, reply) => {
    const body = jsonBody(request);
    const parsed = body.ok ? rateLimitSchema.safeParse(body.value) : undefined;
    if (!parsed?.success) return reply.code(400).send({ error: 'The body must be { "requests": <positive integer>, "windowMs": <positive integer> }.' });
    rateLimiter.set(parsed.data);
    return rateLimitState();
  });

  app.delete('/_control/rate-limit', async () => {
    rateLimiter.set(undefined);
    return rateLimitState();
  });

  if (!webhooks) return;
  // For a sandbox in its own process (`npm run sandbox`, the benches), where `sandbox.webhooks.setTarget` is out of reach.
  const webhookState = () => ({ url: webhooks.target() ?? null, pending: webhooks.pending() });
  app.get('/_control/webhooks', async () => webhookState());

  app.post('/_control/webhooks', async (request, reply) => {
    const body = jsonBody(request);
    const parsed = body.ok ? webhookTargetSchema.safeParse(body.value) : undefined;
    if (!parsed?.success) return reply.code(400).send({ error: 'The body must be { "url": "http(s)://…" } or { "url": null } to stop sending.' });
    webhooks.setTarget(parsed.data.url ?? undefined);
    return webhookState();
  });
}
