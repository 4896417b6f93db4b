/**
 * What one HTTP request turned out to be, learnt by the layers it passes (authentication, GraphQL)
 * and written once on its log line when it ends.
 */
export interface RequestFacts {
  principalId?: string;
  operationName?: string;
  /** `ok`, or the code of the first GraphQL error. */
  outcome?: string;
}

// Keyed by the request object, so the facts go when the request does and apps never share them.
const factsByRequest = new WeakMap<object, RequestFacts>();

/** The request's facts, to fill in; created on first use. */
export function recordFacts(request: object): RequestFacts {
  let facts = factsByRequest.get(request);
  if (!facts) factsByRequest.set(request, (facts = {}));
  return facts;
}

/** The request's facts so far, if any layer recorded some. */
export function factsOf(request: object): Readonly<RequestFacts> | undefined {
  return factsByRequest.get(request);
}
