import { randomUUID } from 'node:crypto';
import type { ProductError } from '../server/productError.js';

export type HubSpotCategory =
  | 'VALIDATION_ERROR' | 'INVALID_AUTHENTICATION' | 'MISSING_SCOPES' | 'OBJECT_NOT_FOUND' | 'CONFLICT'
  | 'RATE_LIMITS' | 'INTERNAL_ERROR' | 'SERVICE_UNAVAILABLE';

/** HubSpot's error envelope; every error carries a fresh correlationId, as HubSpot's do. */
export function hubspotError(status: number, category: HubSpotCategory, message: string, extra: Record<string, unknown> = {}): ProductError {
  return { status, body: { status: 'error', message, correlationId: randomUUID(), category, ...extra } };
}

export const AUTHENTICATION_MESSAGE =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

export function crmProductError(status: number): ProductError {
  switch (status) {
    case 400: return hubspotError(status, 'VALIDATION_ERROR', 'Invalid input.');
    case 401: return hubspotError(status, 'INVALID_AUTHENTICATION', AUTHENTICATION_MESSAGE);
    case 403: return hubspotError(status, 'MISSING_SCOPES', "This app hasn't been granted all required scopes to make this call.");
    case 404: return hubspotError(status, 'OBJECT_NOT_FOUND', 'Resource not found.');
    case 409: return hubspotError(status, 'CONFLICT', 'Conflicting write, try again.');
    case 429:
      // HubSpot's rate-limit errors use a different shape from its other errors; a private app's limit is a rolling 10 s one.
      return {
        status,
        body: {
          status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT',
          correlationId: randomUUID(), policyName: 'TEN_SECONDLY_ROLLING', groupName: 'publicapi:private-app:ten_secondly_rolling',
        },
      };
    case 500: return hubspotError(status, 'INTERNAL_ERROR', 'internal error');
    default:
      return status > 500
        ? hubspotError(status, 'SERVICE_UNAVAILABLE', 'The service is temporarily unavailable. Please try again later.')
        : hubspotError(status, 'VALIDATION_ERROR', 'Request failed.');
  }
}

export function objectNotFound(): ProductError {
  return hubspotError(404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.');
}

export function validationError(message: string, extra: Record<string, unknown> = {}): ProductError {
  return hubspotError(400, 'VALIDATION_ERROR', message, extra);
}

/** HubSpot keeps contact emails unique and names the contact that already has one. */
export function contactExists(id: string): ProductError {
  return hubspotError(409, 'CONFLICT', `Contact already exists. Existing ID: ${id}`);
}
