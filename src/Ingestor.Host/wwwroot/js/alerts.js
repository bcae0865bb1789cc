// The alert rules and their last firings (GET /api/alerts, GET /api/alerts/{id}/history), with a
// clear empty state where the server has no alerts API or no rules.

import { getJson } from './api.js';
import { clear, el, plural, timeElement } from './dom.js';
import { urlFor } from './state.js';

const LAST_FIRINGS = 5;

function list(body, ...keys) {
  if (Array.isArray(body)) {
    return body;
  }
  for (const key of keys) {
    if (Array.isArray(body?.[key])) {
      return body[key];
    }
  }
  return [];
}

/** Returns {available, rules:[{rule, history, historyError}]}. */
export async function loadAlerts({ signal }) {
  let body;
  try {
    body = await getJson('/api/alerts', { signal });
  } catch (error) {
    if (error.endpointMissing) {
      return { available: false, rules: [] };
    }
    throw error;
  }
  const rules = list(body, 'rules', 'alerts', 'items');
  const withHistory = await Promise.all(rules.map(async (rule) => {
    try {
      const path = `/api/alerts/${encodeURIComponent(rule.id)}/history?limit=${LAST_FIRINGS}`;
      const history = list(await getJson(path, { signal }), 'alerts', 'history', 'items');
      const newestFirst = [...history].sort((a, b) => (Date.parse(firedAt(b) ?? '') || 0) - (Date.parse(firedAt(a) ?? '') || 0));
      return { rule, history: newestFirst.slice(0, LAST_FIRINGS), historyError: null };
    } catch (error) {
      if (error.name === 'AbortError') {
        throw error;
      }
      return { rule, history: [], historyError: error.endpointMissing ? null : error.message };
    }
  }));
  return { available: true, rules: withHistory };
}

function firedAt(firing) {
  return firing.created ?? firing.fired ?? firing.sent_at ?? null;
}

function describeRule(rule) {
  const parts = [];
  if (rule.query) {
    parts.push(el('code', { text: rule.query }));
  }
  const filters = rule.filters ?? {};
  for (const [field, values] of Object.entries(filters)) {
    const all = Array.isArray(values) ? values : [values];
    if (all.length > 0) {
      parts.push(` ${field}: ${all.join(', ')}`);
    }
  }
  const modes = (Array.isArray(rule.modes) ? rule.modes : [rule.mode]).filter((m) => typeof m === 'string');
  if (modes.length > 0) {
    const minimum = modes.includes('story_update') && rule.min_new_sources ? ` (at least ${plural(rule.min_new_sources, 'new source')})` : '';
    parts.push(` · ${modes.join(', ').replaceAll('_', ' ')}${minimum}`);
  }
  if (rule.throttle) {
    parts.push(` · throttle ${rule.throttle}`);
  }
  const destinations = (rule.destinations ?? []).map((d) => d?.type).filter(Boolean);
  if (destinations.length > 0) {
    parts.push(` · to ${destinations.join(', ')}`);
  }
  return parts;
}

/** One alert: when, why (new story, story update…), what it was about, and how its deliveries went. */
function firingItem(firing, state) {
  const title = firing.title || firing.story_id || 'alert';
  const article = firing.article_id ?? (firing.article_ids ?? [])[0];
  const target = firing.story_id
    ? el('a', { href: urlFor({ ...state, view: 'story', id: firing.story_id }), dataset: { nav: '' }, text: title })
    : article
      ? el('a', { href: urlFor({ ...state, view: 'article', id: article }), dataset: { nav: '' }, text: title })
      : el('span', { text: title });
  const kind = firing.kind ?? firing.mode;
  const deliveries = (firing.deliveries ?? []).map((d) => `${d.type ?? d.destination}: ${d.status}${d.last_error ? ` (${d.last_error})` : ''}`);
  const status = deliveries.length > 0 ? deliveries.join('; ') : firing.status;
  return el('li', {}, timeElement(firedAt(firing)), ' · ', kind ? `${String(kind).replaceAll('_', ' ')} · ` : '', target,
    status ? el('span', { class: 'meta', text: ` — ${status}` }) : null);
}

export function renderAlerts(container, { available, rules }, state) {
  clear(container);
  container.append(el('h2', { id: 'alerts-title', tabindex: '-1', text: 'Alert rules' }));
  if (!available) {
    container.append(el('div', { class: 'empty-state' },
      el('p', { text: 'Alerts are not available on this server yet.' }),
      el('p', { class: 'muted', text: 'Once the alerts feature is installed, the rules in config/alerts/ and those added through /api/alerts are listed here with their last firings.' })));
    return;
  }
  if (rules.length === 0) {
    container.append(el('div', { class: 'empty-state' },
      el('p', { text: 'No alert rules yet.' }),
      el('p', { class: 'muted', text: 'Add a rule file to config/alerts/ or POST one to /api/alerts.' })));
    return;
  }
  container.append(el('ul', { class: 'alert-rules' }, rules.map(({ rule, history, historyError }) => {
    const id = `rule-${rule.id}`;
    return el('li', {}, el('article', { 'aria-labelledby': id },
      el('h3', { id, text: rule.name ?? rule.id }),
      el('p', { class: 'rule-query' }, describeRule(rule)),
      rule.enabled === false ? el('p', { class: 'notice', text: 'Disabled' }) : null,
      rule.file ? el('p', { class: 'meta', text: `From ${rule.file}${rule.read_only ? ' (read-only: edit the file)' : ''}` }) : null,
      historyError ? el('p', { class: 'error-inline', text: `History unavailable: ${historyError}` })
        : history.length === 0 ? el('p', { class: 'muted', text: 'Has not fired yet.' })
        : el('div', {},
          el('h4', { text: 'Last firings' }),
          el('ol', { class: 'firings' }, history.map((firing) => firingItem(firing, state))))));
  })));
}
