// API keys: the list, creating one, rotating and revoking. New secrets are shown once, then dropped.
import { describeError, graphql } from './api.js';
import { announce, badge, busy, field, h, liveRegion, orDash, replaceChildren, select, table, time, uid } from './dom.js';

const KEY_FIELDS = 'id name prefix role plan createdBy createdAt lastUsedAt expiresAt revokedAt previousSecretExpiresAt trustedDocumentsOnly';
const LIST = `query ConsoleApiKeys { apiKeys { ${KEY_FIELDS} } }`;
const CREATE = `mutation ConsoleCreateKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { ${KEY_FIELDS} } } }`;
const ROTATE = `mutation ConsoleRotateKey($id: ID!, $graceHours: Int!) {
  rotateApiKey(id: $id, graceHours: $graceHours) { secret previousSecretExpiresAt apiKey { ${KEY_FIELDS} } }
}`;
const REVOKE = `mutation ConsoleRevokeKey($id: ID!) { revokeApiKey(id: $id) { ${KEY_FIELDS} } }`;

const PLANS = ['free', 'pro', 'enterprise'];

function keyState(key) {
  if (key.revokedAt) return badge('revoked');
  if (key.expiresAt && new Date(key.expiresAt) <= new Date()) return badge('expired');
  return badge('active');
}

/** The secret, once: a read-only field to copy from, gone when dismissed or when the page changes. */
function secretPanel(title, secret, note) {
  const input = h('input', { type: 'text', readonly: true, value: secret, class: 'secret', spellcheck: 'false', 'aria-label': 'New secret' });
  const panel = h(
    'section',
    { class: 'panel secret-panel', role: 'alert', 'aria-labelledby': 'secret-title' },
    h('h2', { id: 'secret-title' }, title),
    h('p', {}, 'Copy this secret now: it is shown only once, and only a hash of it is kept.'),
    input,
    note ? h('p', {}, note) : null,
    h('button', { type: 'button', class: 'secondary', onclick: () => panel.remove() }, 'Done, hide the secret'),
  );
  input.addEventListener('focus', () => input.select());
  return panel;
}

function createForm(onCreated, status) {
  const name = h('input', { name: 'name', type: 'text', required: true, maxlength: '100', autocomplete: 'off' });
  const role = select('role', [['CLIENT', 'CLIENT'], ['ADMIN', 'ADMIN']], 'CLIENT');
  const plan = select('plan', PLANS.map((p) => [p, p]), 'free');
  const expires = h('input', { name: 'expiresAt', type: 'datetime-local' });
  const trustedOnly = h('input', { name: 'trustedDocumentsOnly', type: 'checkbox', id: uid('trusted') });
  const submit = h('button', { type: 'submit' }, 'Create key');
  const form = h(
    'form',
    { class: 'panel', 'aria-labelledby': 'create-key-title', novalidate: true },
    h('h2', { id: 'create-key-title' }, 'Create a key'),
    h(
      'div',
      { class: 'field-row' },
      field('Name', name, 'Who or what uses it, e.g. "web shop"'),
      field('Role', role),
      field('Plan', plan),
      field('Expires at (optional, your local time)', expires),
    ),
    h('div', { class: 'checkbox' }, trustedOnly, h('label', { for: trustedOnly.id }, 'Trusted documents only (operations sent by hash)')),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!name.value.trim()) {
      announce(status, 'error', 'Give the key a name.');
      name.focus();
      return;
    }
    const input = { name: name.value.trim(), role: role.value, plan: plan.value, trustedDocumentsOnly: trustedOnly.checked };
    if (expires.value) input.expiresAt = new Date(expires.value).toISOString();
    void busy(submit, async () => {
      try {
        const { createApiKey } = await graphql(CREATE, { input });
        form.reset();
        onCreated(createApiKey);
      } catch (error) {
        announce(status, 'error', `Could not create the key: ${describeError(error)}`);
      }
    });
  });
  return form;
}

function rotateForm(key, onRotated, onCancel, status) {
  const grace = h('input', { name: 'graceHours', type: 'number', min: '0', max: '720', value: '24', required: true });
  const submit = h('button', { type: 'submit' }, 'Rotate');
  const form = h(
    'form',
    { class: 'panel', 'aria-labelledby': 'rotate-key-title', novalidate: true },
    h('h2', { id: 'rotate-key-title' }, `Rotate “${key.name}” (${key.prefix}…)`),
    h('p', {}, 'Issues a new secret. The old one keeps working for the grace period, so clients can switch without downtime.'),
    h('div', { class: 'field-row' }, field('Grace period in hours', grace, '0 to 720; 0 refuses the old secret at once')),
    h('div', { class: 'actions' }, submit, h('button', { type: 'button', class: 'secondary', onclick: onCancel }, 'Cancel')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const hours = Number(grace.value);
    if (!Number.isInteger(hours) || hours < 0 || hours > 720) {
      announce(status, 'error', 'The grace period must be a whole number of hours from 0 to 720.');
      grace.focus();
      return;
    }
    void busy(submit, async () => {
      try {
        const { rotateApiKey } = await graphql(ROTATE, { id: key.id, graceHours: hours });
        onRotated(rotateApiKey);
      } catch (error) {
        announce(status, 'error', `Could not rotate the key: ${describeError(error)}`);
      }
    });
  });
  return form;
}

function keysTable(keys, onRotate, onRevoke) {
  return table(
    keys.length ? `${keys.length} key${keys.length === 1 ? '' : 's'}` : 'No keys yet. The bootstrap key from ADMIN_API_KEY is not listed.',
    [
      { header: 'Name', cell: (k) => k.name },
      { header: 'Prefix', cell: (k) => h('code', {}, k.prefix) },
      { header: 'Role', cell: (k) => k.role },
      { header: 'Plan', cell: (k) => k.plan },
      { header: 'State', cell: (k) => keyState(k) },
      { header: 'Created', cell: (k) => [time(k.createdAt), k.createdBy ? ` by ${k.createdBy}` : ''] },
      { header: 'Last used', cell: (k) => time(k.lastUsedAt) },
      { header: 'Expires', cell: (k) => time(k.expiresAt) },
      { header: 'Old secret until', cell: (k) => time(k.previousSecretExpiresAt) },
      { header: 'Trusted only', cell: (k) => (k.trustedDocumentsOnly ? 'yes' : 'no') },
      {
        header: 'Actions',
        cell: (k) =>
          k.revokedAt
            ? orDash(null)
            : h(
                'div',
                { class: 'row-actions' },
                h('button', { type: 'button', class: 'secondary', 'aria-label': `Rotate key ${k.name}`, onclick: () => onRotate(k) }, 'Rotate'),
                h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke key ${k.name}`, onclick: (event) => onRevoke(k, event.currentTarget) }, 'Revoke'),
              ),
      },
    ],
    keys,
  );
}

export async function renderApiKeys(container) {
  const status = liveRegion();
  const secret = h('div');
  const rotation = h('div');
  const list = h('div');

  const load = async () => {
    try {
      const { apiKeys } = await graphql(LIST);
      replaceChildren(list, keysTable(apiKeys, startRotation, revoke));
    } catch (error) {
      announce(status, 'error', `Could not load API keys: ${describeError(error)}`);
    }
  };
  const showSecret = (panel) => {
    replaceChildren(secret, panel);
    panel.querySelector('input').focus();
  };
  const startRotation = (key) => {
    announce(status);
    const form = rotateForm(
      key,
      async (rotated) => {
        replaceChildren(rotation);
        showSecret(
          secretPanel(`New secret for “${rotated.apiKey.name}”`, rotated.secret, `The old secret works until ${new Date(rotated.previousSecretExpiresAt).toISOString()}.`),
        );
        await load();
      },
      () => replaceChildren(rotation),
      status,
    );
    replaceChildren(rotation, form);
    form.querySelector('input').focus();
  };
  const revoke = async (key, button) => {
    if (!window.confirm(`Revoke the key “${key.name}” (${key.prefix}…)? Requests with it are refused at once; this cannot be undone.`)) return;
    await busy(button, async () => {
      try {
        await graphql(REVOKE, { id: key.id });
        announce(status, 'success', `The key “${key.name}” was revoked.`);
      } catch (error) {
        announce(status, 'error', `Could not revoke the key: ${describeError(error)}`);
      }
    });
    await load();
  };

  replaceChildren(
    container,
    h('h1', {}, 'API keys'),
    status,
    secret,
    rotation,
    list,
    createForm(async (created) => {
      announce(status, 'success', `The key “${created.apiKey.name}” was created.`);
      showSecret(secretPanel(`Secret for “${created.apiKey.name}”`, created.secret));
      await load();
    }, status),
  );
  await load();
}
