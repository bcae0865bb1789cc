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
      const history = list(await getJson(`/api/alerts/${encodeURIComponent(rule.id)}/history`, { signal }), 'history', 'firings', 'items');
      const newestFirst = [...history].sort((a, b) => (Date.parse(firedAt(b) ?? '') || 0) - (Date.parse(firedAt(a) ?? '') || 0));
      return { rule, history: newestFirst.slice(0, LAST_FIRINGS), total: history.length, historyError: null };
    } catch (error) {
      if (error.name === 'AbortError') {
        throw error;
      }
      return { rule, history: [], total: 0, historyError: error.endpointMissing ? null : error.message };
    }
  }));
  return { available: true, rules: withHistory };
}

function firedAt(firing) {
  return firing.fired ?? firing.fired_at ?? firing.sent_at ?? firing.created ?? firing.at ?? firing.time ?? null;
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
  const modes = Array.isArray(rule.modes) ? rule.modes : [rule.mode].filter(Boolean);
  if (modes.length > 0) {
    parts.push(` · ${modes.map((m) => (typeof m === 'string' ? m : m?.type ?? m?.mode ?? '')).filter(Boolean).join(', ').replaceAll('_', ' ')}`);
  }
  return parts;
}

function firingItem(firing, state) {
  const title = firing.title ?? firing.article_title ?? firing.story_title ?? firing.story_id ?? firing.article_id ?? 'alert';
  const target = firing.article_id
    ? el('a', { href: urlFor({ ...state, view: 'article', id: firing.article_id }), dataset: { nav: '' }, text: title })
    : firing.story_id
      ? el('a', { href: urlFor({ ...state, view: 'story', id: firing.story_id }), dataset: { nav: '' }, text: title })
      : el('span', { text: title });
  const kind = firing.mode ?? firing.kind ?? firing.reason;
  const status = firing.status ?? firing.outcome;
  return el('li', {}, timeElement(firedAt(firing)), ' · ', kind ? `${String(kind).replaceAll('_', ' ')} · ` : '', target,
    status ? el('span', { class: 'meta', text: ` (${status})` }) : null);
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
  container.append(el('ul', { class: 'alert-rules' }, rules.map(({ rule, history, total, historyError }) => {
    const id = `rule-${rule.id}`;
    return el('li', {}, el('article', { 'aria-labelledby': id },
      el('h3', { id, text: rule.name ?? rule.id }),
      el('p', { class: 'rule-query' }, describeRule(rule)),
      rule.enabled === false ? el('p', { class: 'notice', text: 'Disabled' }) : null,
      historyError ? el('p', { class: 'error-inline', text: `History unavailable: ${historyError}` })
        : history.length === 0 ? el('p', { class: 'muted', text: 'Has not fired yet.' })
        : el('div', {},
          el('h4', { text: total > history.length ? `Last ${history.length} of ${plural(total, 'firing')}` : 'Firings' }),
          el('ol', { class: 'firings' }, history.map((firing) => firingItem(firing, state))))));
  })));
}
