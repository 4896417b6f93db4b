// Circuit breakers (with reset) and the queue's numbers per job kind.
import { describeError, graphql } from './api.js';
import { announce, badge, busy, h, liveRegion, refreshButton, replaceChildren, table, time } from './dom.js';

const OVERVIEW = `query ConsoleBreakers {
  circuitBreakers { system state failures successes rejects timeouts openedAt }
  queueStats { kind system queued active retrying dead }
}`;
const RESET = 'mutation ConsoleResetBreaker($system: String!) { resetCircuitBreaker(system: $system) { system state } }';

const count = (value) => String(value);

function breakersTable(breakers, onReset) {
  return table(
    'One breaker per upstream system; counts cover its rolling window.',
    [
      { header: 'System', cell: (b) => b.system },
      { header: 'State', cell: (b) => badge(b.state) },
      { header: 'Opened at', cell: (b) => time(b.openedAt) },
      { header: 'Failures', cell: (b) => count(b.failures), class: 'number' },
      { header: 'Timeouts', cell: (b) => count(b.timeouts), class: 'number' },
      { header: 'Rejected', cell: (b) => count(b.rejects), class: 'number' },
      { header: 'Successes', cell: (b) => count(b.successes), class: 'number' },
      {
        header: 'Action',
        cell: (b) => {
          const button = h('button', { type: 'button', class: 'secondary', 'aria-label': `Reset the ${b.system} breaker` }, 'Reset');
          button.addEventListener('click', () => busy(button, () => onReset(b.system)));
          return button;
        },
      },
    ],
    breakers,
  );
}

function queueTable(stats) {
  return table(
    stats.length ? 'Jobs per kind: waiting, running, waiting to retry, and open dead letters.' : 'No job kinds yet.',
    [
      { header: 'Kind', cell: (s) => s.kind },
      { header: 'System', cell: (s) => s.system },
      { header: 'Queued', cell: (s) => count(s.queued), class: 'number' },
      { header: 'Active', cell: (s) => count(s.active), class: 'number' },
      { header: 'Retrying', cell: (s) => count(s.retrying), class: 'number' },
      { header: 'Dead letters open', cell: (s) => (s.dead > 0 ? h('strong', {}, count(s.dead)) : count(s.dead)), class: 'number' },
    ],
    stats,
  );
}

export async function renderBreakers(container) {
  const status = liveRegion();
  const breakers = h('div');
  const queue = h('div');
  const load = async () => {
    try {
      const data = await graphql(OVERVIEW);
      replaceChildren(breakers, breakersTable(data.circuitBreakers, reset));
      replaceChildren(queue, queueTable(data.queueStats));
    } catch (error) {
      announce(status, 'error', `Could not load breakers and queue stats: ${describeError(error)}`);
    }
  };
  const reset = async (system) => {
    try {
      const { resetCircuitBreaker } = await graphql(RESET, { system });
      announce(status, 'success', `The ${resetCircuitBreaker.system} breaker was reset; it is ${resetCircuitBreaker.state} now.`);
    } catch (error) {
      announce(status, 'error', `Could not reset the ${system} breaker: ${describeError(error)}`);
    }
    await load();
  };
  const refresh = refreshButton(status, load);
  replaceChildren(
    container,
    h('div', { class: 'heading-row' }, h('h1', {}, 'Breakers and queues'), refresh),
    status,
    h('section', { 'aria-labelledby': 'breakers-title' }, h('h2', { id: 'breakers-title' }, 'Circuit breakers'), breakers),
    h('section', { 'aria-labelledby': 'queue-title' }, h('h2', { id: 'queue-title' }, 'Queue'), queue),
  );
  await load();
}
