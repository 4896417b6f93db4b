export type WebhookEndpointStatus = 'enabled' | 'disabled';
export type WebhookDeliveryStatus = 'pending' | 'retrying' | 'succeeded' | 'dead' | 'cancelled';
export type WebhookEventStatus = 'received' | 'processed' | 'ignored' | 'failed';

/** A client's endpoint as operators see it: everything but its signing secrets. */
export interface WebhookEndpointView {
  readonly id: string;
  readonly url: string;
  readonly description: string | null;
  /** The subscribed event names, as stored (read them with `endpointEvents`). */
  readonly events: unknown;
  readonly status: WebhookEndpointStatus;
  readonly disabledReason: string | null;
  readonly createdBy: string | null;
  readonly createdAt: Date;
  readonly previousSecretExpiresAt: Date | null;
}

export interface WebhookDeliveryAttemptView {
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
  readonly succeeded: boolean;
  readonly attemptedAt: Date;
}

/** One domain event sent (or to be sent) to one endpoint, with its attempts, oldest first. */
export interface WebhookDeliveryView {
  readonly id: string;
  readonly endpointId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly payload: unknown;
  readonly status: WebhookDeliveryStatus;
  readonly attemptCount: number;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly deliveredAt: Date | null;
  readonly attempts: readonly WebhookDeliveryAttemptView[];
}

/** An inbound event as received, for operators inspecting what arrived. */
export interface WebhookEventView {
  readonly id: string;
  readonly source: string;
  readonly eventId: string;
  readonly eventType: string | null;
  readonly status: WebhookEventStatus;
  readonly rawBody: string;
  readonly attempts: number;
  readonly error: string | null;
  readonly receivedAt: Date;
  readonly processedAt: Date | null;
}
