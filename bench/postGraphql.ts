export interface GraphqlError {
  readonly message: string;
  readonly extensions?: { readonly code?: string; readonly retryable?: boolean; readonly retryAfter?: number } & Record<string, unknown>;
}

export interface GraphqlAnswer {
  readonly status: number;
  /** Undefined when the answer was not JSON (a proxy's or a dying server's page). */
  readonly body: { readonly data?: Record<string, unknown> | null; readonly errors?: readonly GraphqlError[] } | undefined;
}

/** One GraphQL request over HTTP. A network failure or timeout throws; every HTTP answer is returned. */
export async function postGraphql(
  url: string,
  headers: Record<string, string>,
  query: string,
  variables: Record<string, unknown> = {},
  timeoutMs = 90_000,
): Promise<GraphqlAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as GraphqlAnswer['body'] };
  } catch {
    return { status: response.status, body: undefined };
  }
}

/** The data of an operation that must succeed (setup and admin work); anything else throws with the answer. */
export async function graphqlData<T>(url: string, headers: Record<string, string>, query: string, variables?: Record<string, unknown>): Promise<T> {
  const answer = await postGraphql(url, headers, query, variables);
  if (answer.status !== 200 || !answer.body?.data || answer.body.errors?.length) {
    throw new Error(`${query.slice(0, 60)}… answered HTTP ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
  }
  return answer.body.data as T;
}
