/** SQLSTATEs of a session the server ended or would not start: admin shutdown, crash shutdown, starting up, too many connections. */
const SESSION_ENDED = new Set(['57P01', '57P02', '57P03', '53300']);
/** Socket failures on the way to the server. */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
/** Prisma's own: cannot reach the server, timed out, server closed the connection, no pool connection in time. */
const PRISMA_UNREACHABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** How Prisma's pg driver adapter classifies a lost or refused connection. */
const ADAPTER_UNREACHABLE = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/** What pg says, without a code, about a connection it lost or could not open (also inside Prisma's messages). */
const PG_CONNECTION_MESSAGES = [/Connection terminated/, /not queryable/, /timeout exceeded when trying to connect/];

const isConnectionCode = (code: unknown) =>
  typeof code === 'string' && (code.startsWith('08') || SESSION_ENDED.has(code) || NETWORK.has(code) || PRISMA_UNREACHABLE.has(code));

function isConnectionFailure(error: Error): boolean {
  if (isConnectionCode((error as { code?: unknown }).code)) return true;
  // Prisma's driver adapter keeps what pg reported under meta.driverAdapterError.cause.
  const adapter = (error as { meta?: { driverAdapterError?: { cause?: { kind?: string; code?: string } } } }).meta?.driverAdapterError?.cause;
  if (adapter && (ADAPTER_UNREACHABLE.has(adapter.kind ?? '') || isConnectionCode(adapter.code))) return true;
  return PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(error.message));
}

/**
 * Whether an error means the database could not be reached or the connection was lost, rather than
 * that a statement was wrong: such a failure is transient, and the request may be retried. Followed
 * through causes, and through GraphQL's `originalError` (a failure while building a request's context).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (isConnectionFailure(current)) return true;
    current = current.cause ?? (current as { originalError?: unknown }).originalError;
  }
  return false;
}
