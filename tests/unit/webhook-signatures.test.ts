import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { standardWebhookHeaders } from '../../src/integrations/webhooks/standardWebhookSignature.js';
import { verifyHubSpotSignature } from '../../src/integrations/webhooks/verifyHubSpotSignature.js';
import { verifyStandardWebhook } from '../../src/integrations/webhooks/verifyStandardWebhook.js';
import { verifyStripeSignature } from '../../src/integrations/webhooks/verifyStripeSignature.js';
import { WebhookRejection } from '../../src/integrations/webhooks/WebhookRejection.js';
import { standardWebhookHeaders as sandboxStandardHeaders, stripeSignatureHeader } from '../../src/sandbox/webhooks/webhookSignatures.js';

const stripe = new Stripe('sk_test_signing_only');
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const options = { toleranceSeconds: 300, nowMs: NOW };
const STANDARD_SECRET = `whsec_${Buffer.from('unit test standard webhooks key!!').toString('base64')}`;

const request = (headers: Record<string, string>, body: string, url = 'https://gateway.example/webhooks/x') => ({
  method: 'POST',
  url,
  headers,
  body: Buffer.from(body),
});

function rejection(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof WebhookRejection) return error.code;
    throw error;
  }
}

describe('Stripe-Signature', () => {
  const body = '{"id":"evt_1","type":"payment_intent.succeeded"}';
  const header = (secret: string, seconds = NOW / 1000) => stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: seconds });

  it('accepts any configured secret and any of several v1 signatures', () => {
    expect(rejection(() => verifyStripeSignature(request({ 'stripe-signature': header('whsec_new') }, body), ['whsec_old', 'whsec_new'], options))).toBeUndefined();
    const both = `${header('whsec_new')},v1=${'0'.repeat(64)}`;
    expect(rejection(() => verifyStripeSignature(request({ 'stripe-signature': both }, body), ['whsec_new'], options))).toBeUndefined();
  });

  it('checks the signature before the timestamp', () => {
    const stale = header('whsec_x', NOW / 1000 - 301);
    expect(rejection(() => verifyStripeSignature(request({ 'stripe-signature': stale }, body), ['whsec_other'], options))).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect(rejection(() => verifyStripeSignature(request({ 'stripe-signature': stale }, body), ['whsec_x'], options))).toBe('WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE');
  });

  it('is what the sandbox Stripe sends, as the official library reads it', () => {
    const sent = stripeSignatureHeader('whsec_sandbox', body, Date.now());
    expect(stripe.webhooks.constructEvent(body, sent['stripe-signature']!, 'whsec_sandbox')).toMatchObject({ id: 'evt_1' });
  });
});

describe('Standard Webhooks', () => {
  const body = '{"type":"shipment.updated","data":{}}';

  it('signs what the official library verifies, with every secret while rotating', () => {
    const headers = standardWebhookHeaders([STANDARD_SECRET, `whsec_${Buffer.from('the replaced key').toString('base64')}`], 'msg_1', Math.floor(Date.now() / 1000), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(STANDARD_SECRET).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(STANDARD_SECRET).verify(body, sandboxStandardHeaders(STANDARD_SECRET, 'msg_2', body, Date.now()))).toEqual(JSON.parse(body));
  });

  it('verifies the official library’s signatures and refuses a stale or foreign one', () => {
    const at = new Date(NOW);
    const headers = { 'webhook-id': 'msg_3', 'webhook-timestamp': String(NOW / 1000), 'webhook-signature': new Webhook(STANDARD_SECRET).sign('msg_3', at, body) };
    expect(rejection(() => verifyStandardWebhook(request(headers, body), [STANDARD_SECRET], options))).toBeUndefined();
    expect(rejection(() => verifyStandardWebhook(request(headers, body), [STANDARD_SECRET], { ...options, nowMs: NOW + 301_000 }))).toBe('WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE');
    expect(rejection(() => verifyStandardWebhook(request({ ...headers, 'webhook-id': 'msg_4' }, body), [STANDARD_SECRET], options))).toBe('WEBHOOK_SIGNATURE_INVALID');
  });
});

describe('X-HubSpot-Signature-v3', () => {
  it('signs method, URI (with HubSpot’s decoded escapes), body and timestamp', () => {
    const body = '[{"eventId":1}]';
    const timestamp = String(NOW);
    const signedUri = 'https://gateway.example/webhooks/hubspot?portal=1&tag=a:b';
    const signature = createHmac('sha256', 'client-secret').update(`POST${signedUri}${body}${timestamp}`).digest('base64');
    const headers = { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp };
    const received = request(headers, body, 'https://gateway.example/webhooks/hubspot?portal=1&tag=a%3Ab');
    expect(rejection(() => verifyHubSpotSignature(received, ['client-secret'], options))).toBeUndefined();
    expect(rejection(() => verifyHubSpotSignature(received, ['other'], options))).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect(rejection(() => verifyHubSpotSignature(request({}, body), ['client-secret'], options))).toBe('WEBHOOK_SIGNATURE_MISSING');
  });
});
