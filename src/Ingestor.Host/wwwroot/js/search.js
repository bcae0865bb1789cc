// The search view: facets, result count, active filters, results grouped by story, pages.

import { clear, el, languageName, plural, snippetNodes, timeElement } from './dom.js';
import { ENTITY_FIELDS, FACETS, PAGE_SIZE, hasFilter, readState, searchParams, toggleFilter, urlFor } from './state.js';

// Render with the state the page was drawn for; act on the URL's state at the moment of the click,
// so two quick clicks before a slow search returns both count.

const MAX_CHIPS = 8;
const MAX_PAGES = 500;

function clearField(state, field) {
  return { ...state, filters: { ...state.filters, [field]: [] }, page: 1 };
}

/** How a facet value reads: language codes as names, story ids as story titles. */
export function valueLabel(field, value, stories) {
  if (field === 'language') {
    return languageName(value);
  }
  if (field === 'story') {
    return stories.get(value) ?? `Story ${value.slice(0, 8)}`;
  }
  return value;
}

/** The facet sidebar: one fieldset of checkboxes per facet (multi-select), selected values kept. */
export function renderFacets(container, state, facets, { stories, navigate }) {
  clear(container);
  for (const { field, label } of FACETS) {
    const values = [...(facets?.[field] ?? [])];
    for (const value of state.filters[field] ?? []) {
      if (!values.some((v) => v.value === value)) {
        values.push({ value, count: null });
      }
    }
    if (values.length === 0) {
      continue;
    }
    const selectedCount = (state.filters[field] ?? []).length;
    const list = el('ul', { class: 'facet-values' });
    values.forEach(({ value, count }, index) => {
      const id = `facet-${field}-${index}`;
      const checked = hasFilter(state, field, value);
      list.append(el('li', {},
        el('input', {
          type: 'checkbox',
          id,
          value,
          checked,
          dataset: { field, focusKey: `facet:${field}:${value}` },
          on: { change: () => navigate(toggleFilter(readState(), field, value)) },
        }),
        el('label', { for: id },
          el('span', { class: 'facet-name', text: valueLabel(field, value, stories) }),
          el('span', { class: 'facet-count', text: count === null ? '–' : count.toLocaleString('en-GB') },
            el('span', { class: 'visually-hidden', text: count === null ? ' (selected, no matches)' : ` ${count === 1 ? 'article' : 'articles'}` })))));
    });
    const legend = el('legend', {}, label, selectedCount > 0 ? el('span', { class: 'facet-selected', text: ` (${selectedCount} selected)` }) : null);
    const fieldset = el('fieldset', { class: 'facet', dataset: { field } }, legend, list);
    if (selectedCount > 0) {
      fieldset.append(el('button', {
        type: 'button',
        class: 'link-button',
        dataset: { focusKey: `facet-clear:${field}` },
        text: `Clear ${label.toLowerCase()}`,
        on: { click: () => navigate(clearField(readState(), field)) },
      }));
    }
    container.append(fieldset);
  }
  if (!container.hasChildNodes()) {
    container.append(el('p', { class: 'muted', text: 'Filters appear when articles match.' }));
  }
}

export function describeCount(state, result) {
  const total = result.total ?? 0;
  const query = state.q.trim();
  const pages = Math.min(MAX_PAGES, Math.max(1, Math.ceil(total / PAGE_SIZE)));
  if (total === 0) {
    return query ? `No articles match “${query}”.` : 'No articles match.';
  }
  const matching = query ? `${plural(total, 'article')} match “${query}”` : plural(total, 'article');
  const page = pages > 1 ? `, page ${Math.min(state.page, pages)} of ${pages.toLocaleString('en-GB')}` : '';
  return `${matching}${page}.`;
}

/** Removable chips for every filter in force, and a way to clear them all. */
export function renderActiveFilters(container, state, { stories, navigate }) {
  clear(container);
  const chips = [];
  for (const { field, one } of FACETS) {
    for (const value of state.filters[field] ?? []) {
      const text = `${one}: ${valueLabel(field, value, stories)}`;
      chips.push(el('li', {}, el('button', {
        type: 'button',
        class: 'chip removable',
        'aria-label': `Remove filter ${text}`,
        dataset: { focusKey: `active:${field}:${value}` },
        on: { click: () => navigate(toggleFilter(readState(), field, value)) },
      }, text, el('span', { 'aria-hidden': 'true', class: 'remove', text: ' ×' }))));
    }
  }
  for (const [key, label] of [['from', 'From'], ['to', 'To']]) {
    if (state[key]) {
      chips.push(el('li', {}, el('button', {
        type: 'button',
        class: 'chip removable',
        'aria-label': `Remove filter ${label} ${state[key]}`,
        dataset: { focusKey: `active:${key}` },
        on: { click: () => navigate({ ...readState(), [key]: '', page: 1 }) },
      }, `${label} ${state[key]}`, el('span', { 'aria-hidden': 'true', class: 'remove', text: ' ×' }))));
    }
  }
  if (chips.length === 0) {
    return;
  }
  const empty = Object.fromEntries(FACETS.map(({ field }) => [field, []]));
  container.append(el('ul', { class: 'chips', 'aria-label': 'Filters in force' }, chips),
    el('button', {
      type: 'button',
      class: 'link-button',
      text: 'Clear all filters',
      on: { click: () => navigate({ ...readState(), filters: empty, from: '', to: '', page: 1 }) },
    }));
}

/** Hits of one story on this page go under the first (best-ranked) of them. */
export function groupByStory(hits, state) {
  if ((state.filters.story ?? []).length > 0) {
    return hits.map((hit) => ({ lead: hit, others: [] }));
  }
  const groups = [];
  const byStory = new Map();
  for (const hit of hits) {
    const group = hit.story_id ? byStory.get(hit.story_id) : undefined;
    if (group) {
      group.others.push(hit);
      continue;
    }
    const created = { lead: hit, others: [] };
    groups.push(created);
    if (hit.story_id) {
      byStory.set(hit.story_id, created);
    }
  }
  return groups;
}

function entityChips(entities, state, navigate) {
  if (!entities || entities.length === 0) {
    return null;
  }
  // Names that filter (people, organizations, places) before the rest, each group in the API's order.
  const ordered = [...entities.filter((e) => ENTITY_FIELDS[e.type]), ...entities.filter((e) => !ENTITY_FIELDS[e.type])];
  const shown = ordered.slice(0, MAX_CHIPS);
  const items = shown.map((entity) => {
    const field = ENTITY_FIELDS[entity.type];
    const kind = (entity.type ?? 'misc').toLowerCase();
    if (!field) {
      return el('li', {}, el('span', { class: `chip ${kind}`, title: 'Other name', text: entity.name }));
    }
    const pressed = hasFilter(state, field, entity.name);
    return el('li', {}, el('button', {
      type: 'button',
      class: `chip ${kind}`,
      'aria-pressed': pressed ? 'true' : 'false',
      'aria-label': `${pressed ? 'Remove filter' : 'Filter by'} ${field} ${entity.name}`,
      title: `${field}: ${pressed ? 'remove this filter' : 'show only articles naming them'}`,
      dataset: { focusKey: `chip:${field}:${entity.name}` },
      on: { click: () => navigate(toggleFilter(readState(), field, entity.name)) },
    }, entity.name));
  });
  if (entities.length > shown.length) {
    items.push(el('li', { class: 'more-chips', text: `+${entities.length - shown.length} more` }));
  }
  return el('ul', { class: 'chips', 'aria-label': 'Names in this article' }, items);
}

function hitMeta(hit) {
  return el('p', { class: 'meta' },
    el('span', { class: 'source', text: hit.source || 'unknown source' }), ' · ',
    timeElement(hit.published), ' · ',
    el('span', { class: 'language', text: languageName(hit.language) }));
}

function articleLink(state, hit, { focusKey } = {}) {
  return el('a', {
    href: urlFor({ ...state, view: 'article', id: hit.id }),
    dataset: { nav: '', article: hit.id, focusKey: focusKey ?? `hit:${hit.id}` },
    text: hit.title || '(untitled)',
  });
}

/** One compact line for the other articles of a story. */
function storyMember(state, hit) {
  return el('li', {}, articleLink(state, hit, { focusKey: `member:${hit.id}` }), ' ',
    el('span', { class: 'meta' }, hit.source || 'unknown source', ' · ', timeElement(hit.published)));
}

/**
 * The "N more in this story" disclosure: the other hits of the story on this page at once, then
 * every matching article of the story from the API.
 */
function storyDisclosure(group, state, { storyCounts, fetchStoryHits }) {
  const storyId = group.lead.story_id;
  if (!storyId) {
    return null;
  }
  const matching = storyCounts.get(storyId) ?? 0;
  const more = Math.max(group.others.length, matching - 1);
  const listId = `story-more-${group.lead.id}`;
  const list = el('ul', { id: listId, class: 'story-members', hidden: true }, group.others.map((hit) => storyMember(state, hit)));
  const open = el('a', {
    class: 'open-story',
    href: urlFor({ ...state, view: 'story', id: storyId }),
    dataset: { nav: '', story: storyId, focusKey: `story:${group.lead.id}` },
    text: 'Open story',
  });
  if (more === 0) {
    return el('div', { class: 'story-group' }, open);
  }
  let loaded = false;
  const toggle = el('button', {
    type: 'button',
    class: 'story-more',
    'aria-expanded': 'false',
    'aria-controls': listId,
    dataset: { story: storyId, focusKey: `more:${group.lead.id}` },
    text: `${more.toLocaleString('en-GB')} more in this story`,
  });
  toggle.addEventListener('click', async () => {
    const expanded = toggle.getAttribute('aria-expanded') === 'true';
    toggle.setAttribute('aria-expanded', expanded ? 'false' : 'true');
    list.hidden = expanded;
    if (expanded || loaded) {
      return;
    }
    loaded = true;
    list.setAttribute('aria-busy', 'true');
    try {
      const hits = (await fetchStoryHits(storyId)).filter((hit) => hit.id !== group.lead.id);
      if (hits.length > 0) {
        list.replaceChildren(...hits.map((hit) => storyMember(state, hit)));
      }
    } catch {
      loaded = false; // keep what the page had; a later click tries again
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  });
  return el('div', { class: 'story-group' }, toggle, ' ', open, list);
}

export function renderResults(container, state, result, context) {
  clear(container);
  const storyCounts = new Map((result.facets?.story ?? []).map((f) => [f.value, f.count]));
  for (const group of groupByStory(result.hits ?? [], state)) {
    const hit = group.lead;
    const titleId = `hit-title-${hit.id}`;
    container.append(el('li', { class: 'hit' }, el('article', { 'aria-labelledby': titleId },
      el('h3', { id: titleId }, articleLink(state, hit)),
      hitMeta(hit),
      el('p', { class: 'snippet' }, snippetNodes(hit.snippet)),
      entityChips(hit.entities, state, context.navigate),
      storyDisclosure(group, state, { storyCounts, fetchStoryHits: context.fetchStoryHits }))));
  }
}

export function renderPager(container, state, total) {
  clear(container);
  const pages = Math.min(MAX_PAGES, Math.ceil((total ?? 0) / PAGE_SIZE));
  if (pages <= 1) {
    return;
  }
  const page = Math.min(state.page, pages);
  const link = (target, text, rel) => el('a', {
    href: urlFor({ ...state, page: target }),
    rel,
    dataset: { nav: '', focusKey: `page:${rel}` },
    text,
  });
  container.append(el('ul', {},
    page > 1 ? el('li', {}, link(page - 1, '← Previous', 'prev')) : null,
    el('li', { 'aria-current': 'page', text: `Page ${page} of ${pages.toLocaleString('en-GB')}` }),
    page < pages ? el('li', {}, link(page + 1, 'Next →', 'next')) : null));
}

/** /api/search for a state (optionally narrowed), as a path. */
export function searchPath(state, overrides = {}) {
  const params = searchParams(state, overrides);
  params.set('size', String(overrides.size ?? PAGE_SIZE));
  return `/api/search?${params}`;
}
