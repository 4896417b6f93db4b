import { ApolloServerErrorCode } from '@apollo/server/errors';
import { describe, expect, it } from 'vitest';
import { UPSTREAM_ERROR_CODES, UpstreamError } from '../../src/connectors/core/UpstreamError.js';
import { errorBody } from '../../src/errors/errorBody.js';
import { ERROR_CATALOGUE, ErrorCode, isErrorCode } from '../../src/errors/errorCatalogue.js';
import { WebhookRejection } from '../../src/integrations/webhooks/WebhookRejection.js';

describe('error catalogue', () => {
  it('knows every code Apollo raises, so none of them is masked as INTERNAL_SERVER_ERROR', () => {
    expect(Object.values(ApolloServerErrorCode).filter((code) => !isErrorCode(code))).toEqual([]);
  });

  it('names each entry by its own code, with an HTTP status and a one-line hint', () => {
    for (const [name, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(entry.code).toBe(name);
      expect(ErrorCode[entry.code]).toBe(name);
      expect(entry.status >= 200 && entry.status < 600).toBe(true);
      expect(entry.hint).toMatch(/^\S[^\n]*\S$/);
    }
  });

  it('is where upstream failures and webhook refusals take their code, status and retryability', () => {
    for (const kind of Object.keys(UPSTREAM_ERROR_CODES) as (keyof typeof UPSTREAM_ERROR_CODES)[]) {
      const error = new UpstreamError({ system: 'crm', kind, message: 'failed' });
      expect(error.retryable).toBe(ERROR_CATALOGUE[error.code].retryable);
    }
    expect(new UpstreamError({ system: 'crm', kind: 'rejected', message: 'refused' }).retryable).toBe(false);
    expect(new WebhookRejection('WEBHOOK_PAYLOAD_TOO_LARGE', 'too big').statusCode).toBe(413);
  });

  it('builds one envelope: code first, what the error adds, the request id last and never a stale one', () => {
    const body = errorBody(
      { code: ErrorCode.RATE_LIMITED, message: 'Slow down', extensions: { code: 'FORGED', requestId: 'old', retryAfter: 3 } },
      'req-1',
    );
    expect(body).toEqual({ errors: [{ message: 'Slow down', extensions: { code: 'RATE_LIMITED', retryAfter: 3, requestId: 'req-1' } }] });
    expect(Object.keys(body.errors[0]!.extensions)).toEqual(['code', 'retryAfter', 'requestId']);
  });
});
