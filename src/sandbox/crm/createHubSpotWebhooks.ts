import { randomInt } from 'node:crypto';
import type { SandboxClock } from '../clock.js';
import type { CrmAssociation, CrmObject } from '../data/SandboxData.js';
import type { WebhookSender } from '../webhooks/createWebhookSender.js';
import type { CrmObjectType } from './crmObjects.js';

type Change = 'creation' | 'propertyChange' | 'deletion' | 'associationChange';

/** One event of a HubSpot webhook batch (Webhooks API v3, the per-object subscription types). */
export interface HubSpotWebhookEvent {
  /** HubSpot's are large integers; the sandbox's are unique within a run. */
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  /** Epoch milliseconds on the sandbox clock: the object's own date for a creation or an update. */
  occurredAt: number;
  subscriptionType: `${'contact' | 'company'}.${Change}`;
  /** A retry resends the batch as it was, so this stays 0. */
  attemptNumber: number;
  /** HubSpot says CRM for edits made in its own UI; every sandbox write comes through the API. */
  changeSource: 'API';
  objectId?: number;
  changeFlag?: 'CREATED' | 'DELETED';
  propertyName?: string;
  /** The new value; a cleared property is the empty string. */
  propertyValue?: string;
  associationType?: 'CONTACT_TO_COMPANY' | 'COMPANY_TO_CONTACT';
  fromObjectId?: number;
  toObjectId?: number;
  associationRemoved?: boolean;
  isPrimaryAssociation?: boolean;
}

/** What the CRM's write routes report; notes have no webhook subscriptions at HubSpot, so their writes report nothing. */
export interface HubSpotWebhooks {
  created(type: CrmObjectType, object: CrmObject): void;
  /** One event per property whose value changed; `object` is the updated object. */
  propertiesChanged(type: CrmObjectType, object: CrmObject, changes: Readonly<Record<string, string | null>>): void;
  deleted(type: CrmObjectType, id: string): void;
  /** A new contact–company association; HubSpot reports it from both sides. */
  associated(association: CrmAssociation): void;
  /** Drops the events not sent yet. */
  stop(): void;
}

export interface HubSpotWebhooksOptions {
  sender: WebhookSender | undefined;
  clock: SandboxClock;
  /** How long events are collected before they are posted as one batch. */
  batchWindowMs: number;
}

/** HubSpot posts at most this many events in one request. */
const MAX_BATCH = 100;
/** The sandbox's portal and app, which subscribes to every change of contacts and companies. */
const PORTAL_ID = 24_681_357;
const APP_ID = 3_141_592;
const OBJECT_NAME: Readonly<Partial<Record<CrmObjectType, 'contact' | 'company'>>> = { contacts: 'contact', companies: 'company' };
const CHANGES: readonly Change[] = ['creation', 'propertyChange', 'deletion', 'associationChange'];

/** HubSpot numbers each subscription of an app. */
function subscriptionId(object: 'contact' | 'company', change: Change): number {
  return 1_870_000 + (object === 'contact' ? 0 : 100) + CHANGES.indexOf(change);
}

/**
 * HubSpot's webhooks for the sandbox CRM: the events of each write are collected for a short
 * window and posted as a JSON array, at most 100 to a request, through the CRM's webhook sender
 * (which signs each attempt with X-HubSpot-Signature-v3 and retries failures).
 */
export function createHubSpotWebhooks({ sender, clock, batchWindowMs }: HubSpotWebhooksOptions): HubSpotWebhooks {
  let nextEventId = randomInt(1_000_000_000, 4_000_000_000);
  let queue: HubSpotWebhookEvent[] = [];
  let timer: NodeJS.Timeout | undefined;

  const flush = (): void => {
    timer = undefined;
    const events = queue;
    queue = [];
    for (let start = 0; start < events.length; start += MAX_BATCH) {
      const batch = events.slice(start, start + MAX_BATCH);
      sender?.send(String(batch[0]?.eventId), JSON.stringify(batch));
    }
  };

  const emit = (object: 'contact' | 'company', change: Change, occurredAt: number, fields: Partial<HubSpotWebhookEvent>): void => {
    // An app without a target URL gets nothing, then or later.
    if (sender?.target() === undefined) return;
    queue.push({
      eventId: nextEventId++, subscriptionId: subscriptionId(object, change), portalId: PORTAL_ID, appId: APP_ID,
      occurredAt, subscriptionType: `${object}.${change}`, attemptNumber: 0, changeSource: 'API', ...fields,
    });
    if (timer) return;
    timer = setTimeout(flush, batchWindowMs);
    timer.unref();
  };

  return {
    created(type, { id, createdAt }) {
      const object = OBJECT_NAME[type];
      if (object) emit(object, 'creation', Date.parse(createdAt), { objectId: Number(id), changeFlag: 'CREATED' });
    },
    propertiesChanged(type, { id, updatedAt }, changes) {
      const object = OBJECT_NAME[type];
      if (!object) return;
      for (const [propertyName, value] of Object.entries(changes)) {
        emit(object, 'propertyChange', Date.parse(updatedAt), { objectId: Number(id), propertyName, propertyValue: value ?? '' });
      }
    },
    deleted(type, id) {
      const object = OBJECT_NAME[type];
      if (object) emit(object, 'deletion', clock.now(), { objectId: Number(id), changeFlag: 'DELETED' });
    },
    associated({ contactId, companyId, primary }) {
      const contact = Number(contactId);
      const company = Number(companyId);
      const common = { associationRemoved: false, isPrimaryAssociation: primary };
      const occurredAt = clock.now();
      emit('contact', 'associationChange', occurredAt, { associationType: 'CONTACT_TO_COMPANY', fromObjectId: contact, toObjectId: company, ...common });
      emit('company', 'associationChange', occurredAt, { associationType: 'COMPANY_TO_CONTACT', fromObjectId: company, toObjectId: contact, ...common });
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
      queue = [];
    },
  };
}
