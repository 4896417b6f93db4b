/** Shipping domain objects, independent of EasyPost's field names. */
export interface TrackingEvent {
  readonly message: string | null;
  readonly status: string | null;
  readonly occurredAt: string | null;
  readonly city: string | null;
  readonly country: string | null;
}

export interface Tracker {
  readonly id: string;
  readonly trackingCode: string;
  readonly status: string;
  readonly statusDetail: string | null;
  readonly carrier: string | null;
  readonly estimatedDelivery: string | null;
  readonly updatedAt: string | null;
  readonly publicUrl: string | null;
  readonly events: readonly TrackingEvent[];
}
