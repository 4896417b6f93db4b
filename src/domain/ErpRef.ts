/** An ERP record as the caller named it: its id, and the caller's own name for it (an opaque id) for messages. */
export interface ErpRef {
  readonly id: number;
  readonly label: string;
}
