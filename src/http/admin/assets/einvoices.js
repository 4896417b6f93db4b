// E-invoices that need someone: refused by a rule or the buyer's access point, or with no Peppol
// buyer to go to. Each row says why, rule by rule; the action sends a new document from the ERP's data.
import { describeError, graphql } from './api.js';
import { announce, badge, busy, h, liveRegion, orDash, refreshButton, replaceChildren, table, time } from './dom.js';

const E_INVOICE_FIELDS = 'state documentId receiver lastError { message violations { rule message location } } rejectedAt notOnPeppolAt';

const LIST = `query ConsoleEInvoices {
  eInvoicesAwaitingAction(first: 100) {
    invoice { id number total { formatted } }
    eInvoice { ${E_INVOICE_FIELDS} }
    deadLetter { id }
  }
}`;
const REPLAY = 'mutation ConsoleEInvoiceReplay($id: ID!) { replayDeadLetter(id: $id) { outcome message } }';
const SEND = `mutation ConsoleEInvoiceSend($invoiceId: ID!, $key: String!) {
  sendInvoice(invoiceId: $invoiceId, idempotencyKey: $key) { eInvoice { state } followUpId }
}`;

/** Each broken rule as its id, what it asks, and where in the document. */
function violationList(violations) {
  if (violations.length === 0) return null;
  return h(
    'ul',
    { class: 'violations' },
    violations.map((violation) =>
      h('li', {}, h('strong', {}, violation.rule), ': ', violation.message, violation.location ? h('small', { class: 'muted' }, ` at ${violation.location}`) : null),
    ),
  );
}

function reason(eInvoice) {
  if (!eInvoice.lastError) return orDash(null);
  return [h('p', {}, eInvoice.lastError.message), violationList(eInvoice.lastError.violations)];
}

function attentionTable(items, onAction) {
  return table(
    items.length
      ? `${items.length} e-invoice${items.length === 1 ? '' : 's'} need${items.length === 1 ? 's' : ''} action: correct the data in the ERP, then send again.`
      : 'No e-invoice needs action: every one asked for is on its way or delivered.',
    [
      { header: 'Invoice', cell: (item) => (item.invoice ? [h('span', { class: 'nowrap' }, item.invoice.number), h('br'), h('small', { class: 'muted' }, item.invoice.total.formatted)] : orDash(null)) },
      { header: 'State', cell: (item) => badge(item.eInvoice.state) },
      { header: 'Since', cell: (item) => time(item.eInvoice.rejectedAt ?? item.eInvoice.notOnPeppolAt) },
      { header: 'Buyer on Peppol', cell: (item) => orDash(item.eInvoice.receiver) },
      { header: 'Why', cell: (item) => reason(item.eInvoice) },
      {
        header: 'Action',
        cell: (item) => {
          const number = item.invoice?.number ?? 'this invoice';
          const parts = [];
          if (item.deadLetter) {
            parts.push(h('a', { href: `#dead-letter/${encodeURIComponent(item.deadLetter.id)}`, 'aria-label': `Open the dead letter of ${number}` }, 'Dead letter'), ' ');
          }
          const button = h('button', { type: 'button', 'aria-label': `Send ${number} again` }, 'Send again');
          button.addEventListener('click', () => busy(button, () => onAction(item)));
          parts.push(button);
          return parts;
        },
      },
    ],
    items,
  );
}

export async function renderEInvoices(container) {
  const status = liveRegion();
  const list = h('div');
  const load = async () => {
    try {
      const data = await graphql(LIST);
      replaceChildren(list, attentionTable(data.eInvoicesAwaitingAction, sendAgain));
    } catch (error) {
      announce(status, 'error', `Could not load the e-invoices: ${describeError(error)}`);
    }
  };
  // A refusal with a dead letter is replayed, which resolves the letter; any other is asked for anew.
  const sendAgain = async (item) => {
    const number = item.invoice?.number ?? 'The invoice';
    try {
      if (item.deadLetter) {
        const { replayDeadLetter } = await graphql(REPLAY, { id: item.deadLetter.id });
        announce(status, replayDeadLetter.outcome === 'REPLAYED' ? 'success' : 'error', `${number}: replay outcome ${replayDeadLetter.outcome}. ${replayDeadLetter.message ?? ''}`);
      } else {
        const { sendInvoice } = await graphql(SEND, { invoiceId: item.invoice.id, key: crypto.randomUUID() });
        announce(status, 'success', `${number} is ${sendInvoice.eInvoice.state} again; its state follows here once the send has run.`);
      }
    } catch (error) {
      announce(status, 'error', `Could not send ${number} again: ${describeError(error)}`);
    }
    await load();
  };
  const refresh = refreshButton(status, load);
  replaceChildren(
    container,
    h('div', { class: 'heading-row' }, h('h1', {}, 'E-invoices'), refresh),
    h(
      'p',
      {},
      'Posted invoices are sent to buyers with a Peppol address as they appear in the ERP. Those below did not go: ',
      'a rule of EN 16931 or Peppol BIS 3.0 was broken, the buyer’s access point refused the document, or the buyer is not on Peppol.',
    ),
    status,
    list,
  );
  await load();
}
