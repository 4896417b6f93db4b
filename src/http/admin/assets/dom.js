// Every piece of data reaches the page as a text node or an attribute value, never as markup.

/**
 * An element with attributes and children. Functions under `on…` become listeners; `true` sets an
 * empty attribute, and `false`, null or undefined leave it out. Strings and numbers become text.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
  return parent;
}

export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

let nextId = 0;

/** An id unique on the page, to tie a label or a description to its control. */
export function uid(prefix) {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** A label and its control, tied by id; `hint` becomes the control's description. */
export function field(labelText, control, hint) {
  const id = control.id || uid('field');
  control.id = id;
  const parts = [h('label', { for: id }, labelText), control];
  if (hint) {
    const hintId = `${id}-hint`;
    control.setAttribute('aria-describedby', hintId);
    parts.push(h('small', { id: hintId, class: 'hint' }, hint));
  }
  return h('div', { class: 'field' }, parts);
}

export function select(name, options, selected) {
  return h(
    'select',
    { name },
    options.map(([value, text]) => h('option', { value, selected: value === selected }, text)),
  );
}

/** A region that screen readers announce when its text changes. */
export function liveRegion() {
  return h('div', { class: 'live', role: 'status', 'aria-live': 'polite' });
}

/** Puts a message (`info`, `success` or `error`) in a live region, or clears it without one. */
export function announce(region, kind, ...message) {
  region.className = kind ? `live notice notice-${kind}` : 'live';
  replaceChildren(region, ...message);
}

/** A data table; each column gives a header and a cell for a row (text, a node or a list of both). */
export function table(caption, columns, rows) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col' }, column.header)))),
      h(
        'tbody',
        {},
        rows.map((row) => h('tr', {}, columns.map((column) => h('td', { class: column.class }, column.cell(row))))),
      ),
    ),
  );
}

/** A status word as a coloured badge; the class comes from a fixed set of characters. */
export function badge(value) {
  const text = String(value ?? '');
  return h('span', { class: `badge badge-${text.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` }, text);
}

/** An ISO time in UTC as `2024-05-01 12:34:56Z`, inside <time> so the exact value stays readable. */
export function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const text = `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
  return h('time', { datetime: date.toISOString() }, text);
}

export function orDash(value) {
  return value === null || value === undefined || value === '' ? h('span', { class: 'muted' }, '—') : String(value);
}

/** A definition list of [term, value] pairs. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

/** JSON text re-indented for reading; text that is not JSON is shown as it is. */
export function prettyJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return String(text);
  }
}

export function truncate(text, length) {
  if (!text) return '';
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** Runs an action with its button disabled, so a double click cannot send it twice. */
export async function busy(button, action) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/** A Refresh button that clears the region's last message and loads the section again. */
export function refreshButton(status, load) {
  const button = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
  button.addEventListener('click', () =>
    busy(button, async () => {
      announce(status);
      await load();
    }),
  );
  return button;
}
