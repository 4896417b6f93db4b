import { loadJSONSchemaSubgraph } from '@omnigraph/json-schema';
import { SANDBOX_CREDENTIALS } from '../../../src/sandbox/SandboxSystem.js';
import { PEER_URL_ENV } from '../peerEnv.js';
import { fromEnv, list, object, text } from './jsonSchema.js';

const tracker = object('EasyPostTracker', {
  id: text,
  tracking_code: text,
  status: text,
  status_detail: text,
  carrier: text,
  est_delivery_date: text,
  updated_at: text,
});

/** EasyPost trackers, looked up by tracking code through the batch endpoint (100 codes a call). */
export const shippingSource = loadJSONSchemaSubgraph('Shipping', {
  endpoint: fromEnv(PEER_URL_ENV.shipping),
  operationHeaders: {
    // EasyPost takes the API key as the basic-auth username, with no password.
    authorization: `Basic ${Buffer.from(`${SANDBOX_CREDENTIALS.shipping.apiKey}:`).toString('base64')}`,
    'content-type': 'application/json',
  },
  operations: [
    {
      type: 'Query',
      field: 'easyPostTrackers',
      description: 'Trackers by tracking code',
      path: '/v2/trackers/batch',
      method: 'POST',
      requestSchema: object('EasyPostTrackerBatchInput', { tracking_codes: list(text) }, ['tracking_codes']),
      responseSchema: object('EasyPostTrackerBatch', { trackers: list(tracker) }),
    },
  ],
});
