import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/connectors/core/UpstreamError.js';
import { formatError } from '../../src/graphql/errors.js';
import { runWithRequestId } from '../../src/graphql/requestIdScope.js';

const located = { message: 'x', path: ['customer', 'crm'] };

/** Resolver errors arrive wrapped in a GraphQLError whose originalError is what the resolver threw. */
const fromResolver = (error: Error) => new GraphQLError(error.message, { originalError: error, path: ['customer', 'crm'] });

describe('error mapping', () => {
  it.each([
    ['unavailable', 'UPSTREAM_UNAVAILABLE', true],
    ['timeout', 'UPSTREAM_TIMEOUT', true],
    ['rejected', 'UPSTREAM_REJECTED', false],
    ['circuit_open', 'CIRCUIT_OPEN', true],
    ['rate_limited', 'RATE_LIMITED', true],
  ] as const)('maps an upstream %s failure to %s', (kind, code, retryable) => {
    const error = new UpstreamError({ system: 'crm', kind, message: 'The crm system failed', retryAfterSeconds: 5 });
    const formatted = formatError(located, fromResolver(error));
    expect(formatted.extensions).toEqual({ code, system: 'crm', retryable, retryAfter: 5 });
    expect(formatted.path).toEqual(['customer', 'crm']);
  });

  it('leaves retryAfter out when the system gave none', () => {
    const error = new UpstreamError({ system: 'erp', kind: 'unavailable', message: 'down' });
    expect(formatError(located, fromResolver(error)).extensions).not.toHaveProperty('retryAfter');
  });

  it('masks an unexpected error, keeping no message or stack', () => {
    const formatted = formatError(
      { ...located, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at secret.ts:1'] } },
      fromResolver(new TypeError('Cannot read properties of undefined (reading "password")')),
    );
    expect(formatted.message).not.toContain('password');
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('adds the id of the HTTP request being answered, for the errors Apollo answers before any plugin runs', () => {
    const refusal = new GraphQLError('POST body missing', { extensions: { code: 'BAD_REQUEST' } });
    const formatted = runWithRequestId('req-42', () => formatError({ message: refusal.message, extensions: refusal.extensions }, refusal));
    expect(formatted.extensions).toEqual({ code: 'BAD_REQUEST', requestId: 'req-42' });
    expect(formatError({ message: refusal.message, extensions: refusal.extensions }, refusal).extensions).toEqual({ code: 'BAD_REQUEST' });
  });

  it('passes a client error through with its code and without a stack', () => {
    const formatted = formatError(
      { message: 'first must be between 0 and 100', extensions: { code: 'BAD_USER_INPUT', argumentName: 'first', stacktrace: ['x'] } },
      new GraphQLError('first must be between 0 and 100'),
    );
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'first' });
  });
});
