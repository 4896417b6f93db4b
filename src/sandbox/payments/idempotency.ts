import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxClock } from '../clock.js';
import { HOUR_MS } from '../data/time.js';
import { presentedSecret, readAuthorization } from '../server/authorization.js';
import type { ProductError } from '../server/productError.js';
import { postParams } from './stripeBody.js';
import { invalidRequest, stripeError } from './stripeErrors.js';

/** Stripe prunes a key once it is at least 24 hours old; a reuse after that is a new request. */
const KEY_LIFETIME_MS = 24 * HOUR_MS;
const MAX_KEY_LENGTH = 255;

interface SavedResponse { status: number; payload: string; requestId: string }
interface Entry { createdMs: number; endpoint: string; fingerprint: string; response?: SavedResponse }
type Store = Map<string, Entry>;
interface Claim { store: Store; id: string; entry: Entry }

/** Stripe's idempotency keys: replays, conflicts and mismatches, layered in front of every POST. */
export interface IdempotencyLayer {
  /** The server's `admit` hook: claims a new key, or answers a replay, a mismatch or an in-progress conflict. */
  admit(request: FastifyRequest, reply: FastifyReply): ProductError | undefined;
  /** The request failed Stripe's parameter checks before its endpoint ran: Stripe saves nothing for it. */
  rejectedBeforeExecution(request: FastifyRequest): void;
  /** Saves each claimed request's answer as it is sent. */
  register(app: FastifyInstance): void;
}

/** Parameters in a canonical form, so the same request encoded in another order is the same request. */
function fingerprint(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(fingerprint).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().map((key) => `${JSON.stringify(key)}:${fingerprint(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function inProgress(key: string): ProductError {
  return stripeError(409, 'idempotency_error', `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`, { code: 'idempotency_key_in_use' });
}

function otherEndpoint(key: string, endpoint: string, original: string): ProductError {
  return stripeError(400, 'idempotency_error', `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${endpoint}' vs '${original}'). Try using a key other than '${key}' if you meant to execute a different request.`);
}

function otherParameters(key: string): ProductError {
  return stripeError(400, 'idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`);
}

function replay(saved: SavedResponse): ProductError {
  return {
    status: saved.status, body: saved.payload, contentType: 'application/json; charset=utf-8',
    headers: { 'idempotent-replayed': 'true', 'original-request': saved.requestId },
  };
}

/** Keys are inserted as the clock advances, so the expired ones are always at the front. */
function prune(store: Store, nowMs: number): void {
  for (const [id, entry] of store) {
    if (nowMs - entry.createdMs < KEY_LIFETIME_MS) break;
    store.delete(id);
  }
}

/**
 * `scope` returns the dataset the keys belong to: a data re-seed starts a new scope, so keys
 * saved against rows that no longer exist are forgotten with them.
 */
export function createIdempotencyLayer(options: { clock: SandboxClock; scope: () => object }): IdempotencyLayer {
  const stores = new WeakMap<object, Store>();
  const claims = new WeakMap<FastifyRequest, Claim>();
  const rejected = new WeakSet<FastifyRequest>();
  const storeOf = (scope: object): Store => {
    let store = stores.get(scope);
    if (!store) stores.set(scope, (store = new Map()));
    return store;
  };
  const release = (claim: Claim): void => {
    if (!claim.entry.response && claim.store.get(claim.id) === claim.entry) claim.store.delete(claim.id);
  };

  return {
    admit(request, reply) {
      const key = request.headers['idempotency-key'];
      // Keys on GET and DELETE have no effect at Stripe; an unknown URL never reaches an endpoint.
      if (request.method !== 'POST' || typeof key !== 'string' || key === '' || request.routeOptions.url === undefined) return undefined;
      if (key.length > MAX_KEY_LENGTH) {
        return invalidRequest(`Invalid idempotency key: keys can be up to ${MAX_KEY_LENGTH} characters long, this one has ${key.length}.`);
      }
      const store = storeOf(options.scope());
      const nowMs = options.clock.now();
      prune(store, nowMs);
      const id = `${presentedSecret(readAuthorization(request)) ?? ''}\u0000${key}`;
      const endpoint = request.url.split('?')[0] ?? request.url;
      const print = fingerprint(postParams(request));
      const entry = store.get(id);
      if (!entry) {
        const claim: Claim = { store, id, entry: { createdMs: nowMs, endpoint, fingerprint: print } };
        store.set(id, claim.entry);
        claims.set(request, claim);
        // A request dropped before it answers (a client gone during a slow fault) must not hold the key.
        reply.raw.once('close', () => release(claim));
        return undefined;
      }
      if (!entry.response) return inProgress(key);
      if (entry.endpoint !== endpoint) return otherEndpoint(key, endpoint, entry.endpoint);
      if (entry.fingerprint !== print) return otherParameters(key);
      return replay(entry.response);
    },

    rejectedBeforeExecution(request) {
      rejected.add(request);
    },

    register(app) {
      app.addHook('onSend', async (request, reply, payload) => {
        const key = request.headers['idempotency-key'];
        if (request.method === 'POST' && typeof key === 'string' && key !== '') reply.header('idempotency-key', key);
        const claim = claims.get(request);
        if (!claim) return payload;
        claims.delete(request);
        // Stripe saves what its endpoint answered; the sandbox leaves out its own 5xx so a retry can succeed.
        if (reply.statusCode < 500 && !rejected.has(request) && typeof payload === 'string') {
          claim.entry.response = { status: reply.statusCode, payload, requestId: String(reply.getHeader('request-id') ?? '') };
        } else {
          release(claim);
        }
        return payload;
      });
    },
  };
}
