// The story view: a story's articles in time order, from /api/stories/{id} when the server has it,
// else from a search filtered to the story.

import { getJson } from './api.js';
import { clear, el, plural, timeElement } from './dom.js';
import { ENTITY_FIELDS, readState, toggleFilter, urlFor } from './state.js';
import { backLink } from './article.js';
import { searchPath } from './search.js';

const MAX_ARTICLES = 100;

function byTime(a, b) {
  return (Date.parse(a.published ?? '') || 0) - (Date.parse(b.published ?? '') || 0);
}

/**
 * Loads a story. Returns {story, articles, fromSearch}; fromSearch is true when the stories API is
 * not on this server and the articles come from a search on the story id.
 */
export async function loadStory(id, state, { signal, storiesApi }) {
  if (storiesApi.available !== false) {
    try {
      const story = await getJson(`/api/stories/${encodeURIComponent(id)}`, { signal });
      storiesApi.available = true;
      const articles = story.articles ?? []; // already in the story's time order
      return { story, articles, fromSearch: false };
    } catch (error) {
      if (!error.endpointMissing) {
        throw error;
      }
      storiesApi.available = false;
    }
  }
  const empty = { q: '', from: '', to: '', sort: 'newest', page: 1, filters: { story: [id] } };
  const result = await getJson(searchPath({ ...state, ...empty }, { size: MAX_ARTICLES }), { signal });
  const articles = [...(result.hits ?? [])].sort(byTime);
  return { story: { id, title: articles[0]?.title, article_count: result.total }, articles, fromSearch: true };
}

function entityName(entity) {
  return typeof entity === 'string' ? entity : entity?.name ?? entity?.value ?? '';
}

export function renderStory(container, { story, articles, fromSearch }, state, { navigate }) {
  clear(container);
  const count = story.article_count ?? articles.length;
  const sources = story.source_count ?? new Set(articles.map((a) => a.source)).size;
  const facts = el('p', { class: 'meta' }, plural(count, 'article'), ' · ', plural(sources, 'source'));
  const first = story.first_seen ?? articles[0]?.published;
  const last = story.last_seen ?? articles[articles.length - 1]?.published;
  if (first) {
    facts.append(' · ', timeElement(first), ' to ', timeElement(last));
  }
  container.append(
    backLink(state),
    el('h2', { id: 'story-title', tabindex: '-1' }, el('span', { class: 'kicker', text: 'Story: ' }), story.title || `Story ${story.id}`),
    facts);
  if (fromSearch) {
    container.append(el('p', { class: 'notice', text: 'This server has no stories API yet: these are the articles indexed under this story id.' }));
  }
  const entities = (story.top_entities ?? []).map((e) => ({ name: entityName(e), type: e?.type })).filter((e) => e.name);
  if (entities.length > 0) {
    container.append(el('h3', { text: 'Names in this story' }), el('ul', { class: 'chips' }, entities.map((entity) => {
      const field = ENTITY_FIELDS[entity.type] ?? 'person';
      return el('li', {}, el('button', {
        type: 'button',
        class: `chip ${(entity.type ?? 'misc').toLowerCase()}`,
        'aria-label': `Search for articles naming ${entity.name}`,
        on: { click: () => navigate(toggleFilter(readState(), field, entity.name)) },
      }, entity.name));
    })));
  }
  container.append(el('h3', { text: 'Articles, oldest first' }), el('ol', { class: 'story-articles' }, articles.map((article) =>
    el('li', {},
      el('a', { href: urlFor({ ...state, view: 'article', id: article.id }), dataset: { nav: '', article: article.id }, text: article.title || '(untitled)' }),
      el('p', { class: 'meta' }, article.source || 'unknown source', ' · ', timeElement(article.published ?? article.seen),
        article.duplicate_of ? ' · a copy of an earlier article' : '')))));
  if (articles.length === 0) {
    container.append(el('p', { class: 'muted', text: 'No articles of this story are in the index.' }));
  }
}
