// Entry point: sign-in, navigation between sections (kept in the URL hash), and the session's end.
import { describeError, forgetKey, graphql, onKeyRejected, storedKey, storeKey } from './api.js';
import { renderApiKeys } from './apiKeys.js';
import { renderBreakers } from './breakers.js';
import { renderDeadLetter, renderDeadLetters } from './deadLetters.js';
import { h, replaceChildren } from './dom.js';
import { renderEInvoices } from './einvoices.js';
import { renderWebhooks } from './webhooks.js';

const VIEWS = {
  'dead-letters': { title: 'Dead letters', render: renderDeadLetters },
  breakers: { title: 'Breakers and queues', render: renderBreakers },
  'api-keys': { title: 'API keys', render: renderApiKeys },
  webhooks: { title: 'Webhooks', render: renderWebhooks },
  einvoices: { title: 'E-invoices', render: renderEInvoices },
};
const DEFAULT_VIEW = 'dead-letters';
// A dead letter opens at #dead-letter/<id>, so it can be linked and the back button returns to the list.
const DEAD_LETTER_ROUTE = 'dead-letter/';

const $ = (id) => document.getElementById(id);

/** An admin-only field: it proves the key is known and has the ADMIN role in one request. */
const CHECK_KEY = 'query ConsoleSignIn { circuitBreakers { system } }';

function signInMessage(error) {
  if (error.rejectsKey) {
    return `Sign-in failed: the gateway did not accept this API key (${error.message}). Check that it was copied whole and has not been revoked or expired.`;
  }
  if (error.code === 'FORBIDDEN') {
    return 'Sign-in failed: this API key is valid but does not have the ADMIN role. The ops console needs an admin key.';
  }
  return `Sign-in failed: ${describeError(error)}`;
}

function showSignIn(message) {
  $('workspace').hidden = true;
  $('session').hidden = true;
  $('sign-in').hidden = false;
  const error = $('sign-in-error');
  error.hidden = !message;
  error.textContent = message ?? '';
  document.title = 'Sign in · Switchyard ops console';
  $('api-key').focus();
}

function showWorkspace(key) {
  $('sign-in').hidden = true;
  $('sign-in-error').hidden = true;
  $('workspace').hidden = false;
  $('session').hidden = false;
  // Enough of the key to tell which one is in use; its prefix is what the API keys list shows.
  $('session-label').textContent = `Signed in with key ${key.slice(0, 8)}…`;
  void route();
}

async function signIn(key) {
  try {
    await graphql(CHECK_KEY, {}, key);
  } catch (error) {
    showSignIn(signInMessage(error));
    return;
  }
  storeKey(key);
  showWorkspace(key);
}

function signOut(message) {
  forgetKey();
  $('api-key').value = '';
  replaceChildren($('view'));
  showSignIn(message);
}

/** Renders the section the hash names; a section's render function owns #view until the next route. */
async function route({ focus = false } = {}) {
  if (!storedKey()) return;
  const hash = decodeURIComponent(location.hash.replace(/^#/, ''));
  // Each route renders into a container of its own: a slow answer for a section the user already
  // left then lands in a detached element instead of over the current one.
  const container = h('div');
  replaceChildren($('view'), container);
  let current = DEFAULT_VIEW;
  if (hash.startsWith(DEAD_LETTER_ROUTE)) {
    await renderDeadLetter(container, hash.slice(DEAD_LETTER_ROUTE.length));
  } else {
    current = hash in VIEWS ? hash : DEFAULT_VIEW;
    await VIEWS[current].render(container);
  }
  if (!container.isConnected) return;
  const heading = container.querySelector('h1');
  if (focus && heading) {
    heading.tabIndex = -1;
    heading.focus();
  }
  document.title = `${VIEWS[current].title} · Switchyard ops console`;
  for (const link of document.querySelectorAll('nav.tabs a')) {
    if (link.dataset.view === current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function start() {
  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = $('api-key').value.trim();
    if (!key) {
      showSignIn('Enter an admin API key to sign in.');
      return;
    }
    const button = event.submitter ?? $('sign-in-form').querySelector('button');
    button.disabled = true;
    void signIn(key).finally(() => {
      button.disabled = false;
    });
  });
  $('sign-out').addEventListener('click', () => signOut());
  onKeyRejected((error) => signOut(`Signed out: the gateway no longer accepts this key (${error.message}). Sign in again.`));
  window.addEventListener('hashchange', () => void route({ focus: true }));

  const key = storedKey();
  if (key) showWorkspace(key);
  else showSignIn();
}

start();
