// The operator's status (GET /api/status): index, journal, pipeline, sources, quarantine, last alert.

import { clear, el, plural, timeElement } from './dom.js';

function row(term, ...description) {
  return [el('dt', { text: term }), el('dd', {}, ...description)];
}

export function renderStatus(container, status) {
  clear(container);
  const journal = status.journal ?? {};
  const pipeline = status.pipeline ?? {};
  const index = status.index ?? {};
  const quarantine = status.quarantine ?? {};
  container.append(
    el('h2', { id: 'status-title', tabindex: '-1', text: 'Status' }),
    el('p', { class: 'meta' }, 'As of ', timeElement(status.generated)));
  const problems = status.problems ?? [];
  container.append(problems.length > 0
    ? el('div', { class: 'problems' }, el('h3', { text: 'Problems' }), el('ul', {}, problems.map((p) => el('li', { text: p }))))
    : el('p', { class: 'ok', text: 'No problems.' }));
  container.append(el('dl', { class: 'facts' },
    row('Engine', status.engine ?? '?'),
    row('Index', index.documents === null || index.documents === undefined ? `not answering: ${index.error ?? 'unknown error'}` : plural(index.documents, 'document')),
    row('Journal', `${plural(journal.depth ?? 0, 'article')} waiting (limit ${Number(journal.limit ?? 0).toLocaleString('en-GB')})${journal.full ? ' — full' : ''}`),
    row('Pipeline', pipeline.status ?? 'unknown', pipeline.index_error ? ` — ${pipeline.index_error}` : ''),
    row('Quarantine', quarantine.files ? `${plural(quarantine.files, 'file')}${quarantine.last ? `; last: ${quarantine.last.file}: ${quarantine.last.reason}` : ''}` : 'empty'),
    row('Last alert', status.last_alert
      ? el('span', {}, timeElement(status.last_alert.fired), ` ${status.last_alert.rule_name ?? status.last_alert.rule_id}`)
      : 'none')));
  const sources = status.sources ?? [];
  container.append(el('h3', { id: 'sources-title', text: 'Sources' }));
  if (sources.length === 0) {
    container.append(el('p', { class: 'muted', text: 'No sources are configured.' }));
    return;
  }
  container.append(el('table', { class: 'sources', 'aria-labelledby': 'sources-title' },
    el('thead', {}, el('tr', {}, ['Source', 'Kind', 'Health', 'Waiting', 'Last success', 'Where'].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, sources.map((s) => el('tr', {},
      el('th', { scope: 'row', text: s.name }),
      el('td', { text: (s.kind ?? '').replaceAll('_', ' ') }),
      el('td', { class: `health ${s.health}` }, s.health ?? 'unknown', s.detail ? el('span', { class: 'meta', text: ` — ${s.detail}` }) : null),
      el('td', { text: s.waiting ?? '' }),
      el('td', {}, s.last_success ? timeElement(s.last_success) : ''),
      el('td', { class: 'location', text: s.location ?? '' }))))));
}
