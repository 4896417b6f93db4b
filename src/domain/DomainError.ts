/**
 * A request the domain refuses for what it asks (an unknown customer, a currency the customer does not
 * pay in): the caller's to fix, never retryable as is. `field` names the input at fault as the
 * operation's input names it (`currency`, `lines[0].productId`), so the API layer can point at it.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
