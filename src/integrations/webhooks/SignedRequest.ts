/** An inbound request as its signature covers it: the body is the raw bytes, never a re-serialisation. */
export interface SignedRequest {
  readonly method: string;
  /** The full URL the sender called, as it signed it (HubSpot signs it). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export interface VerifyOptions {
  readonly toleranceSeconds: number;
  readonly nowMs: number;
}

/** Throws a WebhookRejection unless one of the secrets signed the request recently enough. */
export type SignatureVerifier = (request: SignedRequest, secrets: readonly string[], options: VerifyOptions) => void;

/** A header's single value; a repeated header counts as absent, since a sender sends each once. */
export function headerOf(request: Pick<SignedRequest, 'headers'>, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
