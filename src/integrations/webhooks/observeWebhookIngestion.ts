import type { IngestResult, WebhookIngestion } from './createWebhookIngestion.js';
import type { WebhookObserver, WebhookReceiveOutcome } from './WebhookObserver.js';
import { WebhookRejection } from './WebhookRejection.js';

function outcomeOf(result: IngestResult): WebhookReceiveOutcome {
  if (result.received === 0 && result.duplicates > 0) return 'duplicate';
  if (result.received > 0 && result.ignored === result.received) return 'ignored';
  return 'accepted';
}

/** The same ingestion, telling the observer how each delivery that reached it ended. */
export function observeWebhookIngestion(ingestion: WebhookIngestion, observer: WebhookObserver): WebhookIngestion {
  return {
    source: (name) => ingestion.source(name),
    async receive(source, request) {
      try {
        const result = await ingestion.receive(source, request);
        observer.received?.(source.name, outcomeOf(result));
        return result;
      } catch (error) {
        observer.received?.(source.name, error instanceof WebhookRejection ? error.code : 'error');
        throw error;
      }
    },
  };
}
