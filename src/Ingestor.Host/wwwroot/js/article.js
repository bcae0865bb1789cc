// The article view: the full normalized text (headings, paragraphs) and the names it mentions.

import { clear, el, languageName, plural, safeHref, timeElement } from './dom.js';
import { ENTITY_FIELDS, hasFilter, readState, toggleFilter, urlFor } from './state.js';

const ENTITY_GROUPS = [
  { type: 'PERSON', label: 'People' },
  { type: 'ORGANIZATION', label: 'Organizations' },
  { type: 'LOCATION', label: 'Places' },
  { type: 'MISC', label: 'Other names' },
];

export function backLink(state, text = '← Back to results') {
  return el('p', { class: 'back' }, el('a', {
    href: urlFor({ ...state, view: 'search', id: '' }),
    dataset: { nav: '', back: '' },
    text,
  }));
}

function paragraphs(body) {
  return String(body ?? '').split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.length > 0);
}

function entityList(article, state, navigate) {
  const entities = article.entities ?? [];
  const aside = el('aside', { class: 'article-entities', 'aria-labelledby': 'article-entities-title' },
    el('h3', { id: 'article-entities-title', text: 'Names in this article' }));
  if (entities.length === 0) {
    aside.append(el('p', { class: 'muted', text: 'No people, organizations or places were recognized.' }));
    return aside;
  }
  for (const { type, label } of ENTITY_GROUPS) {
    const ofType = entities.filter((e) => (e.type ?? 'MISC') === type)
      .sort((a, b) => (b.mentions ?? 0) - (a.mentions ?? 0) || a.name.localeCompare(b.name));
    if (ofType.length === 0) {
      continue;
    }
    const field = ENTITY_FIELDS[type];
    aside.append(el('h4', { text: label }), el('ul', { class: 'chips vertical' }, ofType.map((entity) => {
      const mentions = el('span', { class: 'mentions', text: plural(entity.mentions ?? 1, 'mention') });
      if (!field) {
        return el('li', {}, el('span', { class: 'chip misc' }, entity.name, ' ', mentions));
      }
      const filtered = hasFilter(state, field, entity.name);
      return el('li', {}, el('button', {
        type: 'button',
        class: `chip ${type.toLowerCase()}`,
        'aria-label': `${filtered ? 'Remove the filter on' : 'Search for articles naming'} ${entity.name} (${plural(entity.mentions ?? 1, 'mention')} here)`,
        dataset: { focusKey: `entity:${field}:${entity.name}` },
        on: { click: () => navigate(toggleFilter(readState(), field, entity.name)) },
      }, entity.name, ' ', mentions));
    })));
  }
  return aside;
}

export function renderArticle(container, article, state, { navigate }) {
  clear(container);
  const meta = el('p', { class: 'meta' },
    el('span', { class: 'source', text: article.source || 'unknown source' }), ' · ',
    timeElement(article.published), ' · ',
    languageName(article.language), ' · ',
    plural(article.word_count ?? 0, 'word'));
  if ((article.authors ?? []).length > 0) {
    meta.append(' · By ', article.authors.join(', '));
  }
  const details = [];
  const href = article.url ? safeHref(article.url) : null;
  if (href) {
    details.push(el('li', {}, el('a', { href, rel: 'noopener noreferrer', target: '_blank', text: 'Original article' }),
      el('span', { class: 'visually-hidden', text: ' (opens in a new tab)' })));
  } else if (article.url) {
    details.push(el('li', { text: `Address: ${article.url}` }));
  }
  if (article.story_id) {
    details.push(el('li', {}, el('a', {
      href: urlFor({ ...state, view: 'story', id: article.story_id }),
      dataset: { nav: '', story: article.story_id },
      text: 'Open its story',
    })));
  }
  if (article.duplicate_of) {
    details.push(el('li', {}, 'A copy of ', el('a', {
      href: urlFor({ ...state, view: 'article', id: article.duplicate_of }),
      dataset: { nav: '' },
      text: 'an earlier article',
    })));
  }
  const body = el('div', { class: 'article-body' });
  if (article.dateline) {
    body.append(el('p', { class: 'dateline', text: article.dateline }));
  }
  // The normalized article keeps headings apart from the paragraphs: they are listed as its outline.
  if ((article.headings ?? []).length > 0) {
    body.append(el('section', { class: 'article-headings', 'aria-labelledby': 'article-headings-title' },
      el('h3', { id: 'article-headings-title', text: 'Headings' }),
      el('ul', {}, article.headings.map((h) => el('li', { text: h })))));
  }
  body.append(el('div', { class: 'article-text' }, paragraphs(article.body).map((p) => el('p', { text: p }))));
  container.append(
    backLink(state),
    el('header', { class: 'article-header' },
      el('h2', { id: 'article-title', tabindex: '-1', text: article.title || '(untitled)' }),
      meta,
      details.length > 0 ? el('ul', { class: 'article-links' }, details) : null),
    el('div', { class: 'article-layout' }, body, entityList(article, state, navigate)));
}
