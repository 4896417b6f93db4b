import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { formatError } from '../../src/graphql/errors.js';
import { isDatabaseUnavailable } from '../../src/store/isDatabaseUnavailable.js';

/** Errors shaped as pg and Prisma's pg driver adapter raise them when a session is terminated or refused. */
const pgError = (message: string, code: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });
const prismaError = (cause: Record<string, string>) =>
  Object.assign(new Error('Invalid `prisma.idempotencyRecord.create()` invocation: Database error'), { code: 'P2039', meta: { driverAdapterError: { cause } } });

describe('a lost database connection', () => {
  it.each([
    ['a terminated session', pgError('terminating connection due to administrator command', '57P01')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a connection that ended', new Error('Connection terminated unexpectedly')],
    ['a client broken by an earlier error', new Error('Client has encountered a connection error and is not queryable')],
    ['Prisma over a terminated session', prismaError({ kind: 'postgres', code: '57P01' })],
    ['Prisma over a closed connection', prismaError({ kind: 'ConnectionClosed' })],
    ['a failure while building the context', new GraphQLError('Context creation failed', { originalError: pgError('terminating connection', '57P01') })],
  ])('is recognised: %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('duplicate key value violates unique constraint', '23505')],
    ['Prisma refusing a statement', prismaError({ kind: 'UniqueConstraintViolation' })],
    ['a bug', new TypeError('Cannot read properties of undefined')],
  ])('is not confused with %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('reaches the client as STORAGE_UNAVAILABLE, retryable, instead of an internal error', () => {
    const error = new GraphQLError('x', { originalError: new Error('Connection terminated unexpectedly'), path: ['placeOrder'] });
    const formatted = formatError({ message: 'x', path: ['placeOrder'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error);
    expect(formatted.extensions).toEqual({ code: 'STORAGE_UNAVAILABLE', retryable: true, retryAfter: 1 });
    expect(formatted.message).toMatch(/same idempotency key/);
    expect(formatted.path).toEqual(['placeOrder']);
  });
});
