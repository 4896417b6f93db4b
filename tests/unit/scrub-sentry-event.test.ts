import { describe, expect, it } from 'vitest';
import { scrubSentryEvent, scrubText } from '../../src/observability/scrubSentryEvent.js';

describe('scrubSentryEvent', () => {
  it('filters values under sensitive keys at any depth, whatever their case or separators', () => {
    const event = scrubSentryEvent({
      request: { headers: { Authorization: 'Bearer abc.def.ghi', 'X-Api-Key': 'sy_live_123', 'content-type': 'application/json' }, cookies: { Cookie: 'session=1' } },
      extra: { customer: { email: 'ann@example.com', card: { number: '4242424242424242', exp_month: 12, cvc: '123' }, name: 'kept' } },
      contexts: { upstream: { client_secret: 'x', status: 503 } },
    });
    expect(event.request.headers).toEqual({ Authorization: '[Filtered]', 'X-Api-Key': '[Filtered]', 'content-type': 'application/json' });
    expect(event.extra.customer).toEqual({ email: '[Filtered]', card: '[Filtered]', name: 'kept' });
    expect(event.contexts.upstream).toEqual({ client_secret: '[Filtered]', status: 503 });
  });

  it('scrubs e-mail addresses, card numbers, bearer credentials and API secrets inside any string', () => {
    const event = scrubSentryEvent({
      message: 'contact ann.lee+shop@example.co.uk not found',
      exception: { values: [{ value: 'card 4242 4242 4242 4242 declined; Authorization: Bearer eyJhbGciOi.payload.sig; key sk_test_51Habc123xyz' }] },
      tags: { principalId: 'user:ann@example.com' },
      breadcrumbs: [{ message: 'GET https://api.example.com/v1/customers/search?query=email:%27bob@example.org%27' }],
    });
    expect(event.message).toBe('contact [email] not found');
    expect(event.exception.values[0]!.value).toBe('card [card] declined; Authorization: Bearer [Filtered]; key [Filtered]');
    expect(event.tags.principalId).toBe('user:[email]');
    expect(event.breadcrumbs[0]!.message).not.toContain('bob@example.org');
  });

  it('leaves ids, timestamps and other long numbers that are not card numbers alone', () => {
    expect(scrubText('poll:shipping:1732000000000 order S00042 partner 123456789012345')).toBe('poll:shipping:1732000000000 order S00042 partner 123456789012345');
    expect(scrubText('POST http://127.0.0.1:4010/crm/v3/objects/contacts/batch/read')).toBe('POST http://127.0.0.1:4010/crm/v3/objects/contacts/batch/read');
  });

  it('survives cycles', () => {
    const looped: Record<string, unknown> = { email: 'a@b.io' };
    looped.self = looped;
    expect(scrubSentryEvent(looped).email).toBe('[Filtered]');
  });
});
