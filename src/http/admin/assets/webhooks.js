// Webhooks: subscribed endpoints and their deliveries out, and the events received in.
import { describeError, graphql } from './api.js';
import { announce, badge, busy, field, h, liveRegion, orDash, prettyJson, replaceChildren, select, table, time, truncate } from './dom.js';

const OVERVIEW = `query ConsoleWebhooks {
  webhookEndpoints { id url description events status disabledReason createdBy createdAt previousSecretExpiresAt }
  webhookEvents(first: 20) { id source eventId eventType status attempts error receivedAt processedAt }
}`;
const DELIVERIES = `query ConsoleDeliveries($endpointId: ID!, $status: WebhookDeliveryStatus) {
  webhookDeliveries(endpointId: $endpointId, status: $status, first: 50) {
    id eventId eventType status attemptCount lastStatusCode lastError payload createdAt deliveredAt
    attempts { at statusCode error durationMs succeeded }
  }
}`;

const DELIVERY_STATUSES = ['PENDING', 'RETRYING', 'SUCCEEDED', 'DEAD', 'CANCELLED'];

function endpointsTable(endpoints, onShow) {
  return table(
    endpoints.length
      ? `${endpoints.length} endpoint${endpoints.length === 1 ? '' : 's'} receiving the gateway's events`
      : 'No webhook endpoints. Subscribe one with the createWebhookEndpoint mutation.',
    [
      { header: 'URL', cell: (e) => h('code', {}, e.url) },
      { header: 'Description', cell: (e) => orDash(e.description) },
      { header: 'Events', cell: (e) => e.events.join(', ') },
      { header: 'Status', cell: (e) => [badge(e.status), e.disabledReason ? ` ${e.disabledReason}` : ''] },
      { header: 'Created', cell: (e) => time(e.createdAt) },
      {
        header: 'Deliveries',
        cell: (e) => h('button', { type: 'button', class: 'secondary', 'aria-label': `Show deliveries to ${e.url}`, onclick: () => onShow(e) }, 'Show'),
      },
    ],
    endpoints,
  );
}

function attemptsList(delivery) {
  return h(
    'ol',
    { class: 'attempts' },
    delivery.attempts.map((a) =>
      h('li', {}, time(a.at), ` · ${a.succeeded ? 'succeeded' : 'failed'} · HTTP ${a.statusCode ?? 'none'} · ${a.durationMs} ms`, a.error ? ` · ${a.error}` : ''),
    ),
  );
}

function deliveriesTable(deliveries) {
  return table(
    deliveries.length ? `${deliveries.length} most recent deliveries, newest first` : 'No deliveries with this status.',
    [
      { header: 'Created', cell: (d) => time(d.createdAt) },
      { header: 'Event', cell: (d) => [d.eventType, h('br'), h('code', { class: 'small' }, d.eventId)] },
      { header: 'Status', cell: (d) => badge(d.status) },
      { header: 'Attempts', cell: (d) => String(d.attemptCount), class: 'number' },
      { header: 'Last HTTP status', cell: (d) => orDash(d.lastStatusCode), class: 'number' },
      { header: 'Last error', cell: (d) => h('span', { title: d.lastError ?? '' }, truncate(d.lastError, 80)) },
      { header: 'Delivered', cell: (d) => time(d.deliveredAt) },
      {
        header: 'Details',
        cell: (d) =>
          h(
            'details',
            {},
            h('summary', {}, 'Payload and attempts'),
            h('pre', { class: 'payload' }, h('code', {}, prettyJson(d.payload))),
            d.attempts.length ? attemptsList(d) : h('p', {}, 'Not tried yet.'),
          ),
      },
    ],
    deliveries,
  );
}

function deliveriesPanel(endpoint) {
  const status = liveRegion();
  const results = h('div');
  const filter = select('status', [['', 'Any status'], ...DELIVERY_STATUSES.map((s) => [s, s])], '');
  const load = async () => {
    announce(status, 'info', 'Loading deliveries…');
    try {
      const { webhookDeliveries } = await graphql(DELIVERIES, { endpointId: endpoint.id, status: filter.value || null });
      announce(status);
      replaceChildren(results, deliveriesTable(webhookDeliveries));
    } catch (error) {
      announce(status, 'error', `Could not load deliveries: ${describeError(error)}`);
    }
  };
  filter.addEventListener('change', () => void load());
  const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
  refresh.addEventListener('click', () => busy(refresh, load));
  const panel = h(
    'section',
    { class: 'panel', 'aria-labelledby': 'deliveries-title' },
    h('h2', { id: 'deliveries-title' }, 'Deliveries to ', h('code', {}, endpoint.url)),
    h('div', { class: 'field-row' }, field('Delivery status', filter), h('div', { class: 'actions' }, refresh)),
    status,
    results,
  );
  return { panel, load };
}

function eventsTable(events) {
  return table(
    events.length ? `${events.length} most recent inbound events, newest first` : 'No inbound webhook events yet.',
    [
      { header: 'Received', cell: (e) => time(e.receivedAt) },
      { header: 'Source', cell: (e) => e.source },
      { header: 'Event', cell: (e) => [orDash(e.eventType), h('br'), h('code', { class: 'small' }, e.eventId)] },
      { header: 'Status', cell: (e) => badge(e.status) },
      { header: 'Attempts', cell: (e) => String(e.attempts), class: 'number' },
      { header: 'Error', cell: (e) => orDash(e.error) },
      { header: 'Processed', cell: (e) => time(e.processedAt) },
    ],
    events,
  );
}

export async function renderWebhooks(container) {
  const status = liveRegion();
  const endpoints = h('div');
  const deliveries = h('div');
  const events = h('div');
  replaceChildren(
    container,
    h('h1', {}, 'Webhooks'),
    status,
    h('section', { 'aria-labelledby': 'endpoints-title' }, h('h2', { id: 'endpoints-title' }, 'Endpoints (outbound)'), endpoints),
    deliveries,
    h('section', { 'aria-labelledby': 'events-title' }, h('h2', { id: 'events-title' }, 'Received events (inbound)'), events),
  );
  try {
    const data = await graphql(OVERVIEW);
    replaceChildren(
      endpoints,
      endpointsTable(data.webhookEndpoints, (endpoint) => {
        const { panel, load } = deliveriesPanel(endpoint);
        replaceChildren(deliveries, panel);
        void load();
        panel.querySelector('h2').scrollIntoView({ block: 'start' });
      }),
    );
    replaceChildren(events, eventsTable(data.webhookEvents));
  } catch (error) {
    announce(status, 'error', `Could not load webhooks: ${describeError(error)}`);
  }
}
