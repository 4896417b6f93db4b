// Dead letters: the filtered, paged list with batch replay, and one letter with replay and discard.
import { describeError, graphql } from './api.js';
import {
  announce,
  badge,
  busy,
  facts,
  field,
  h,
  liveRegion,
  orDash,
  prettyJson,
  replaceChildren,
  select,
  table,
  time,
  truncate,
} from './dom.js';

const LETTER_FIELDS = `id kind system payload idempotencyKey sourceJobId status attemptCount lastErrorCode lastError
  firstFailedAt lastFailedAt resolvedBy resolvedAt resolution
  attempts { at source succeeded errorCode message upstreamStatus }`;

const LIST = `query ConsoleDeadLetters($filter: DeadLetterFilter, $first: Int, $after: String) {
  deadLetters(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id kind system status attemptCount lastErrorCode lastError idempotencyKey lastFailedAt }
  }
}`;
const ONE = `query ConsoleDeadLetter($id: ID!) { deadLetter(id: $id) { ${LETTER_FIELDS} } }`;
const REPLAY = `mutation ConsoleReplay($id: ID!) { replayDeadLetter(id: $id) { outcome message deadLetter { ${LETTER_FIELDS} } } }`;
const REPLAY_BATCH = `mutation ConsoleReplayBatch($filter: DeadLetterFilter, $limit: Int!) {
  replayDeadLetters(filter: $filter, limit: $limit) {
    matched replayed failed skipped
    results { outcome message deadLetter { id kind system status } }
  }
}`;
const DISCARD = `mutation ConsoleDiscard($id: ID!, $reason: String!) { discardDeadLetter(id: $id, reason: $reason) { ${LETTER_FIELDS} } }`;

const STATUSES = ['OPEN', 'REPLAYING', 'REPLAYED', 'DISCARDED'];
const SYSTEMS = ['crm', 'erp', 'payments', 'shipping', 'einvoicing', 'webhooks'];
const PAGE_SIZE = 20;
const FILTER_FIELDS = ['status', 'system', 'kind', 'errorCode', 'search'];

// Kept across visits to a letter, so "back to the list" returns to the same filters and page.
const list = { filter: {}, cursors: [null], page: 0 };

const letterHref = (id) => `#dead-letter/${encodeURIComponent(id)}`;

function filterFromForm(form) {
  const data = new FormData(form);
  const filter = {};
  for (const name of FILTER_FIELDS) {
    const value = String(data.get(name) ?? '').trim();
    if (value) filter[name] = value;
  }
  return filter;
}

function describeFilter(filter) {
  const parts = Object.entries(filter).map(([name, value]) => `${name} ${value}`);
  return parts.length ? parts.join(', ') : 'no filter';
}

function filterForm(onApply) {
  const input = (name, type, placeholder) =>
    h('input', { name, type, placeholder, value: list.filter[name] ?? '', autocomplete: 'off', spellcheck: 'false' });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter dead letters' },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Filters'),
      h(
        'div',
        { class: 'field-row' },
        field('Status', select('status', [['', 'Any status'], ...STATUSES.map((s) => [s, s])], list.filter.status ?? '')),
        field('System', select('system', [['', 'Any system'], ...SYSTEMS.map((s) => [s, s])], list.filter.system ?? '')),
        field('Kind', input('kind', 'text', 'crm-order-note')),
        field('Error code', input('errorCode', 'text', 'UPSTREAM_UNAVAILABLE')),
        field('Search', input('search', 'search', 'idempotency key, error text…'), 'Text in the payload, idempotency key or last error'),
      ),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit' }, 'Apply filters'),
        h('button', { type: 'button', class: 'secondary', onclick: () => clear() }, 'Clear filters'),
      ),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onApply(filterFromForm(form));
  });
  // Not a reset button: a reset would restore the filters the form was drawn with.
  const clear = () => {
    for (const name of FILTER_FIELDS) form.elements.namedItem(name).value = '';
    onApply({});
  };
  return form;
}

function lettersTable(connection) {
  const first = list.page * PAGE_SIZE + 1;
  const last = list.page * PAGE_SIZE + connection.nodes.length;
  const caption =
    connection.totalCount === 0
      ? 'No dead letters match these filters.'
      : `${connection.totalCount} dead letter${connection.totalCount === 1 ? '' : 's'} match; showing ${first}–${last}, newest failure first.`;
  return table(
    caption,
    [
      { header: 'Last failure', cell: (l) => time(l.lastFailedAt) },
      { header: 'Kind', cell: (l) => l.kind, class: 'nowrap' },
      { header: 'System', cell: (l) => l.system },
      { header: 'Status', cell: (l) => badge(l.status) },
      { header: 'Attempts', cell: (l) => String(l.attemptCount), class: 'number' },
      { header: 'Error code', cell: (l) => orDash(l.lastErrorCode) },
      { header: 'Last error', cell: (l) => h('span', { title: l.lastError ?? '' }, truncate(l.lastError, 70)) },
      { header: 'Idempotency key', cell: (l) => (l.idempotencyKey ? h('code', {}, l.idempotencyKey) : orDash(null)) },
      { header: 'Details', cell: (l) => h('a', { href: letterHref(l.id), 'aria-label': `Open dead letter ${l.id}` }, 'Open') },
    ],
    connection.nodes,
  );
}

function pager(connection, onPage) {
  return h(
    'div',
    { class: 'pager' },
    h('button', { type: 'button', class: 'secondary', disabled: list.page === 0, onclick: () => onPage(list.page - 1) }, 'Previous page'),
    h('span', {}, `Page ${list.page + 1} of ${Math.max(1, Math.ceil(connection.totalCount / PAGE_SIZE))}`),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        disabled: !connection.pageInfo.hasNextPage,
        onclick: () => {
          list.cursors[list.page + 1] = connection.pageInfo.endCursor;
          onPage(list.page + 1);
        },
      },
      'Next page',
    ),
  );
}

function batchResults(result) {
  return [
    h(
      'p',
      {},
      `Matched ${result.matched}: ${result.replayed} replayed, ${result.failed} failed, ${result.skipped} skipped.`,
    ),
    result.results.length
      ? table(
          'Outcome of each replay',
          [
            { header: 'Dead letter', cell: (r) => h('a', { href: letterHref(r.deadLetter.id) }, r.deadLetter.id) },
            { header: 'Kind', cell: (r) => r.deadLetter.kind },
            { header: 'Outcome', cell: (r) => badge(r.outcome) },
            { header: 'Message', cell: (r) => r.message },
            { header: 'Status now', cell: (r) => badge(r.deadLetter.status) },
          ],
          result.results,
        )
      : null,
  ];
}

function batchReplay(form, onApply) {
  const limit = h('input', { name: 'limit', type: 'number', min: '1', max: '1000', value: '100', required: true });
  const status = liveRegion();
  const results = h('div', { class: 'batch-results' });
  const button = h('button', { type: 'button' }, 'Replay matching open letters');
  button.addEventListener('click', () =>
    busy(button, async () => {
      const filter = filterFromForm(form);
      const count = Number(limit.value);
      if (!Number.isInteger(count) || count < 1 || count > 1000) {
        announce(status, 'error', 'The limit must be a whole number from 1 to 1000.');
        return;
      }
      // Only open letters are replayed, whatever status the list shows.
      const { status: _ignored, ...replayFilter } = filter;
      if (!window.confirm(`Replay up to ${count} open dead letters matching ${describeFilter(replayFilter)}?`)) return;
      announce(status, 'info', 'Replaying…');
      try {
        const data = await graphql(REPLAY_BATCH, { filter: replayFilter, limit: count });
        const result = data.replayDeadLetters;
        announce(status, result.failed > 0 ? 'error' : 'success', `Batch replay finished: ${result.replayed} replayed, ${result.failed} failed.`);
        replaceChildren(results, batchResults(result));
        onApply(filter);
      } catch (error) {
        announce(status, 'error', `Batch replay failed: ${describeError(error)}`);
      }
    }),
  );
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'batch-replay-title' },
    h('h2', { id: 'batch-replay-title' }, 'Replay matching letters'),
    h(
      'p',
      {},
      'Replays the open letters that match the filters above (their status filter aside), oldest failure first, and reports the outcome of each. Replaying is safe to repeat: each letter runs with its own idempotency key.',
    ),
    h('div', { class: 'field-row' }, field('Limit', limit, 'At most 1000 letters per batch'), h('div', { class: 'actions' }, button)),
    status,
    results,
  );
}

export async function renderDeadLetters(container) {
  const status = liveRegion();
  const results = h('div', { class: 'results' });
  const load = async () => {
    announce(status, 'info', 'Loading dead letters…');
    try {
      const data = await graphql(LIST, { filter: list.filter, first: PAGE_SIZE, after: list.cursors[list.page] });
      const connection = data.deadLetters;
      announce(status);
      replaceChildren(results, lettersTable(connection), pager(connection, goTo));
    } catch (error) {
      replaceChildren(results);
      announce(status, 'error', `Could not load dead letters: ${describeError(error)}`);
    }
  };
  const goTo = (page) => {
    list.page = page;
    void load();
  };
  const apply = (filter) => {
    list.filter = filter;
    list.cursors = [null];
    list.page = 0;
    void load();
  };
  const form = filterForm(apply);
  replaceChildren(
    container,
    h('h1', {}, 'Dead letters'),
    h('p', { class: 'intro' }, 'Follow-ups that failed their last attempt. Nothing is deleted without an explicit discard.'),
    form,
    status,
    results,
    batchReplay(form, apply),
  );
  await load();
}

function attemptsTable(letter) {
  return table(
    `${letter.attempts.length} attempt${letter.attempts.length === 1 ? '' : 's'}, oldest first`,
    [
      { header: '#', cell: (a) => String(letter.attempts.indexOf(a) + 1), class: 'number' },
      { header: 'At', cell: (a) => time(a.at) },
      { header: 'Source', cell: (a) => a.source },
      { header: 'Result', cell: (a) => badge(a.succeeded ? 'succeeded' : 'failed') },
      { header: 'Error code', cell: (a) => orDash(a.errorCode) },
      { header: 'Upstream status', cell: (a) => orDash(a.upstreamStatus), class: 'number' },
      { header: 'Message', cell: (a) => orDash(a.message) },
    ],
    letter.attempts,
  );
}

function history(letter) {
  if (!letter.resolvedAt && !letter.resolvedBy) {
    return h('p', {}, letter.status === 'REPLAYING' ? 'A replay is running now.' : 'Not resolved: neither replayed nor discarded yet.');
  }
  return facts([
    ['Resolved by', orDash(letter.resolvedBy)],
    ['Resolved at', time(letter.resolvedAt)],
    ['Resolution', orDash(letter.resolution)],
  ]);
}

function actions(letter, rerender) {
  if (letter.status !== 'OPEN') {
    const why = {
      REPLAYED: 'It was replayed; replaying again would change nothing.',
      DISCARDED: 'It was discarded.',
      REPLAYING: 'A replay is running; reload in a moment.',
    };
    return h('p', {}, `No actions: ${why[letter.status] ?? ''}`);
  }
  const replay = h('button', { type: 'button' }, 'Replay');
  replay.addEventListener('click', () =>
    busy(replay, async () => {
      try {
        const { replayDeadLetter: result } = await graphql(REPLAY, { id: letter.id });
        const kind = result.outcome === 'REPLAYED' ? 'success' : result.outcome === 'FAILED' ? 'error' : 'info';
        rerender(result.deadLetter, kind, `Replay outcome: ${result.outcome}. ${result.message}`);
      } catch (error) {
        rerender(letter, 'error', `Replay failed: ${describeError(error)}`);
      }
    }),
  );

  const reason = h('textarea', { name: 'reason', rows: '2', required: true, maxlength: '500' });
  const discard = h('button', { type: 'submit', class: 'danger' }, 'Discard');
  const form = h(
    'form',
    { class: 'discard', 'aria-labelledby': 'discard-title', novalidate: true },
    h('h3', { id: 'discard-title' }, 'Discard'),
    field('Reason (required)', reason, 'Kept with the letter and in the audit log, e.g. "customer deleted in the CRM".'),
    h('div', { class: 'actions' }, discard),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = reason.value.trim();
    if (!text) {
      reason.setAttribute('aria-invalid', 'true');
      formError(form, 'Give a reason for discarding this letter.');
      reason.focus();
      return;
    }
    void busy(discard, async () => {
      try {
        const { discardDeadLetter } = await graphql(DISCARD, { id: letter.id, reason: text });
        rerender(discardDeadLetter, 'success', 'Discarded: the letter stays on record with your reason.');
      } catch (error) {
        rerender(letter, 'error', `Discard failed: ${describeError(error)}`);
      }
    });
  });

  return [
    h(
      'div',
      { class: 'replay' },
      h('h3', {}, 'Replay'),
      h('p', {}, 'Runs the same handler with the same idempotency key; replaying twice is safe.'),
      replay,
    ),
    form,
  ];
}

function formError(form, message) {
  let region = form.querySelector('.form-error');
  if (!region) {
    region = h('p', { class: 'form-error notice notice-error', role: 'alert' });
    form.append(region);
  }
  region.textContent = message;
}

function letterView(container, letter, notice) {
  const status = liveRegion();
  const rerender = (next, kind, message) => letterView(container, next, { kind, message });
  replaceChildren(
    container,
    h('p', {}, h('a', { href: '#dead-letters', class: 'back' }, '← Back to dead letters')),
    h('h1', {}, 'Dead letter ', h('code', {}, letter.id)),
    status,
    facts([
      ['Status', badge(letter.status)],
      ['Kind', letter.kind],
      ['System', letter.system],
      ['Idempotency key', letter.idempotencyKey ? h('code', {}, letter.idempotencyKey) : orDash(null)],
      ['Source job', h('code', {}, letter.sourceJobId)],
      ['Attempts', String(letter.attemptCount)],
      ['First failed', time(letter.firstFailedAt)],
      ['Last failed', time(letter.lastFailedAt)],
      ['Last error code', orDash(letter.lastErrorCode)],
      ['Last error', orDash(letter.lastError)],
    ]),
    h('section', { 'aria-labelledby': 'payload-title' }, h('h2', { id: 'payload-title' }, 'Payload'), h('pre', { class: 'payload', tabindex: '0' }, h('code', {}, prettyJson(letter.payload)))),
    h('section', { 'aria-labelledby': 'attempts-title' }, h('h2', { id: 'attempts-title' }, 'Attempts'), attemptsTable(letter)),
    h('section', { 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, 'History'), history(letter)),
    h('section', { class: 'panel', 'aria-labelledby': 'actions-title' }, h('h2', { id: 'actions-title' }, 'Actions'), actions(letter, rerender)),
  );
  if (notice) announce(status, notice.kind, notice.message);
}

export async function renderDeadLetter(container, id) {
  const status = liveRegion();
  replaceChildren(container, h('p', {}, h('a', { href: '#dead-letters', class: 'back' }, '← Back to dead letters')), h('h1', {}, 'Dead letter'), status);
  announce(status, 'info', 'Loading…');
  try {
    const { deadLetter } = await graphql(ONE, { id });
    if (!deadLetter) {
      announce(status, 'error', `No dead letter has the id ${id}.`);
      return;
    }
    letterView(container, deadLetter);
  } catch (error) {
    announce(status, 'error', `Could not load the dead letter: ${describeError(error)}`);
  }
}
