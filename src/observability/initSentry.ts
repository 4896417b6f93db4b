import type { Logger } from 'pino';
import type { UpstreamObserver } from '../connectors/core/createUpstreamClient.js';
import type { SystemName } from '../config/SystemName.js';
import type { SentryConfig } from '../config/observabilityConfig.js';
import { scrubSentryEvent } from './scrubSentryEvent.js';

/** What an error report says about where it happened; every field becomes a tag. */
export interface ReportScope {
  readonly requestId?: string;
  readonly operationName?: string | null;
  readonly principalId?: string;
  readonly system?: SystemName;
  readonly route?: string;
  readonly path?: readonly (string | number)[];
}

export interface ErrorReporter {
  readonly enabled: boolean;
  /** An error nobody anticipated (masked as INTERNAL_SERVER_ERROR, or an HTTP 500). */
  unexpectedError(error: unknown, scope: ReportScope): void;
  /** Upstream calls that still failed after their retries, with the system as the breaker counts them. */
  readonly upstream: UpstreamObserver;
  breakerOpened(system: SystemName, cause: string | null): void;
  /** Waits (at most `timeoutMs`) for reports still on their way. */
  flush(timeoutMs?: number): Promise<void>;
}

const DISABLED: ErrorReporter = {
  enabled: false,
  unexpectedError: () => undefined,
  upstream: {},
  breakerOpened: () => undefined,
  flush: async () => undefined,
};

type SentrySdk = typeof import('@sentry/node');

/** The SDK keeps its client in process-wide state: it is initialised once, for the first DSN given. */
let initialised: { readonly dsn: string; readonly reporter: Promise<ErrorReporter> } | undefined;

function tagsOf(scope: ReportScope): Record<string, string> {
  const tags: Record<string, string | undefined> = {
    requestId: scope.requestId,
    operationName: scope.operationName ?? undefined,
    principalId: scope.principalId,
    system: scope.system,
    route: scope.route,
  };
  return Object.fromEntries(Object.entries(tags).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

function reporterOver(sentry: SentrySdk): ErrorReporter {
  return {
    enabled: true,
    unexpectedError(error, scope) {
      sentry.captureException(error, {
        level: 'error',
        tags: tagsOf(scope),
        ...(scope.path ? { contexts: { graphql: { path: scope.path.join('.') } } } : {}),
      });
    },
    upstream: {
      finished(call, result) {
        if (result.outcome !== 'unavailable' && result.outcome !== 'timeout') return;
        const { context } = call;
        sentry.captureException(result.error, {
          level: 'error',
          tags: {
            ...tagsOf({ requestId: context.requestId, operationName: context.operationName, principalId: context.principalId, system: call.system, route: call.route }),
            upstreamKind: result.outcome,
          },
          contexts: { upstream: { status: result.error.status ?? null, retries: result.retries, durationMs: result.durationMs } },
          // One issue per system, route and kind, rather than one per message text.
          fingerprint: ['upstream-failure', call.system, call.route, result.outcome],
        });
      },
    },
    breakerOpened(system, cause) {
      sentry.captureMessage(`Circuit breaker opened for the ${system} system`, {
        level: 'warning',
        tags: { system, breaker: 'open' },
        contexts: { breaker: { cause } },
        fingerprint: ['circuit-breaker-open', system],
      });
    },
    async flush(timeoutMs = 2000) {
      await sentry.flush(timeoutMs);
    },
  };
}

async function start(config: SentryConfig): Promise<ErrorReporter> {
  // Loaded only here: without a DSN the SDK is never imported, so it cannot hook anything or send anything.
  const sentry = await import('@sentry/node');
  sentry.initWithoutDefaultIntegrations({
    dsn: config.dsn,
    release: config.release,
    environment: config.environment,
    // Reports are explicit (see ReportScope); the SDK's automatic hooks would capture request data and
    // breadcrumbs of upstream URLs, and its global handlers would change how the process exits.
    integrations: [
      sentry.eventFiltersIntegration(),
      sentry.functionToStringIntegration(),
      sentry.linkedErrorsIntegration(),
      sentry.dedupeIntegration(),
      sentry.nodeContextIntegration(),
      sentry.contextLinesIntegration(),
    ],
    enableRuntimeChannelInjection: false,
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [],
      urlQueryParams: false,
      graphQL: { document: false, variables: false },
      databaseQueryData: false,
      stackFrameVariables: false,
    },
    sendClientReports: false,
    beforeSend: (event) => scrubSentryEvent(event),
    beforeBreadcrumb: (breadcrumb) => scrubSentryEvent(breadcrumb),
  });
  return reporterOver(sentry);
}

/**
 * The error reporter for this configuration: Sentry when a DSN is set, a reporter that does nothing
 * otherwise. Safe to call for every app in a process; a second DSN in the same process is refused
 * with a warning, since the SDK has one client per process.
 */
export async function initSentry(config: SentryConfig | undefined, logger: Logger): Promise<ErrorReporter> {
  if (!config) return DISABLED;
  if (!initialised) {
    initialised = { dsn: config.dsn, reporter: start(config) };
  } else if (initialised.dsn !== config.dsn) {
    logger.warn('SENTRY_DSN differs from the one Sentry was started with in this process; reports go to the first one');
  }
  const reporter = await initialised.reporter;
  logger.info({ release: config.release, environment: config.environment }, 'Sentry error reporting on');
  return reporter;
}
