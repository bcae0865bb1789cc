// The page controller: the URL is the state; every change pushes a history entry and renders the
// view it names. Typing is debounced and a newer load aborts the one in flight.

import { getJson, isAbort, onKeyRequired } from './api.js';
import { loadAlerts, renderAlerts } from './alerts.js';
import { renderArticle } from './article.js';
import { drawHistogram } from './histogram.js';
import { describeCount, renderActiveFilters, renderFacets, renderPager, renderResults, searchPath } from './search.js';
import { readState, urlFor } from './state.js';
import { renderStatus } from './status.js';
import { loadStory, renderStory } from './story.js';

const TYPING_DELAY_MS = 300;
const RESULT_CACHE_MS = 30_000;

const $ = (id) => document.getElementById(id);
const ui = {
  form: $('search-form'),
  q: $('q'),
  from: $('from'),
  to: $('to'),
  sort: $('sort'),
  filters: $('filters'),
  facets: $('facets'),
  main: $('main'),
  error: $('error'),
  count: $('result-count'),
  active: $('active-filters'),
  histogram: $('histogram'),
  results: $('results'),
  pager: $('pager'),
  views: {
    search: $('search-view'),
    article: $('article-view'),
    story: $('story-view'),
    alerts: $('alerts-view'),
    status: $('status-view'),
  },
  keyDialog: $('key-dialog'),
  keyForm: $('key-form'),
  keyInput: $('api-key'),
  keyMessage: $('key-message'),
  keyCancel: $('key-cancel'),
};

/** Story id → title: from the stories API when the server has it, else the best-ranked hit's title. */
const storyTitles = new Map();
const storiesApi = { available: undefined };
const storyTitleRequests = new Set();

let loading = null;
let typingTimer = null;
let typingEntry = false;
let lastView = null;
let returnFocusKey = null;
let cachedSearch = { path: null, result: null, at: 0 };

function navigate(state, { replace = false, typing = false } = {}) {
  typingEntry = typing;
  const url = urlFor(state);
  const same = url === (window.location.search || window.location.pathname);
  window.history[replace || same ? 'replaceState' : 'pushState'](null, '', url);
  render();
}

function showView(state) {
  const { view } = state;
  for (const [name, section] of Object.entries(ui.views)) {
    section.hidden = name !== view;
  }
  ui.filters.hidden = view !== 'search';
  for (const link of document.querySelectorAll('nav.sections a')) {
    // Switching sections keeps the search, so coming back finds it as it was.
    link.setAttribute('href', urlFor({ ...state, view: link.dataset.section, id: '' }));
    const current = link.dataset.section === view || (view !== 'alerts' && view !== 'status' && link.dataset.section === 'search');
    if (current) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

function syncForm(state) {
  if (typingTimer === null && ui.q.value !== state.q) {
    ui.q.value = state.q;
  }
  ui.from.value = state.from;
  ui.to.value = state.to;
  ui.sort.value = state.sort === 'newest' ? 'newest' : '';
}

function setBusy(busy) {
  ui.main.setAttribute('aria-busy', busy ? 'true' : 'false');
}

function showError(message) {
  ui.error.textContent = message;
  ui.error.hidden = false;
}

function hideError() {
  ui.error.hidden = true;
  ui.error.textContent = '';
}

function focusByKey(key) {
  if (!key) {
    return false;
  }
  const target = [...document.querySelectorAll('[data-focus-key]')].find((node) => node.dataset.focusKey === key && !node.closest('[hidden]'));
  target?.focus();
  return Boolean(target);
}

async function render() {
  const state = readState();
  syncForm(state);
  showView(state);
  const viewChanged = lastView !== state.view;
  lastView = state.view;
  loading?.abort();
  loading = new AbortController();
  const { signal } = loading;
  setBusy(true);
  hideError();
  try {
    switch (state.view) {
      case 'article':
        renderArticle(ui.views.article, await getJson(`/api/articles/${encodeURIComponent(state.id)}`, { signal }), state, { navigate });
        break;
      case 'story': {
        const story = await loadStory(state.id, state, { signal, storiesApi });
        if (story.story.title && !story.fromSearch) {
          storyTitles.set(state.id, story.story.title);
        }
        renderStory(ui.views.story, story, state, { navigate });
        break;
      }
      case 'alerts':
        renderAlerts(ui.views.alerts, await loadAlerts({ signal }), state);
        break;
      case 'status':
        renderStatus(ui.views.status, await getJson('/api/status', { signal }));
        break;
      default:
        await renderSearch(state, signal, viewChanged);
        return;
    }
    if (viewChanged || state.view === 'article' || state.view === 'story') {
      ui.views[state.view].querySelector('h2')?.focus();
    }
  } catch (error) {
    if (isAbort(error)) {
      return;
    }
    if (state.view === 'search') {
      ui.count.textContent = '';
    }
    showError(error.endpointMissing && state.view === 'status' ? 'This server has no status API.' : error.message);
  } finally {
    if (!signal.aborted) {
      setBusy(false);
    }
  }
}

async function search(state, signal) {
  const path = searchPath(state);
  if (cachedSearch.path === path && performance.now() - cachedSearch.at < RESULT_CACHE_MS) {
    return cachedSearch.result;
  }
  const result = await getJson(path, { signal });
  cachedSearch = { path, result, at: performance.now() };
  return result;
}

async function renderSearch(state, signal, viewChanged) {
  const result = await search(state, signal);
  for (const hit of result.hits ?? []) {
    if (hit.story_id && !storyTitles.has(hit.story_id)) {
      storyTitles.set(hit.story_id, hit.title);
    }
  }
  // Re-rendering replaces the controls: keep keyboard focus on the one the user was on.
  const focusKey = document.activeElement?.dataset?.focusKey;
  const context = {
    navigate,
    stories: storyTitles,
    fetchStoryHits: async (storyId) => (await getJson(searchPath({ ...state, page: 1 }, { filters: { story: [storyId] }, size: 100 }))).hits ?? [],
  };
  renderFacets(ui.facets, state, result.facets, context);
  renderActiveFilters(ui.active, state, context);
  drawHistogram(ui.histogram, result.histogram, {
    selectedFrom: state.from,
    selectedTo: state.to,
    onSelect: (from, to) => navigate({ ...readState(), from, to, page: 1 }),
  });
  renderResults(ui.results, state, result, context);
  renderPager(ui.pager, state, result.total);
  ui.count.textContent = describeCount(state, result);
  ui.count.dataset.total = String(result.total ?? 0);
  if (!focusByKey(viewChanged ? returnFocusKey : focusKey) && viewChanged && returnFocusKey) {
    ui.main.focus();
  }
  returnFocusKey = null;
  loadStoryTitles(result);
}

/** Story facet values are ids: fetch their titles (once each) from the stories API when it exists. */
function loadStoryTitles(result) {
  if (storiesApi.available === false) {
    return;
  }
  const wanted = (result.facets?.story ?? []).map((f) => f.value).filter((id) => !storyTitleRequests.has(id));
  for (const id of wanted) {
    storyTitleRequests.add(id);
    getJson(`/api/stories/${encodeURIComponent(id)}`).then((story) => {
      storiesApi.available = true;
      if (story?.title) {
        storyTitles.set(id, story.title);
        if (readState().view === 'search') {
          const focusKey = document.activeElement?.dataset?.focusKey;
          renderFacets(ui.facets, readState(), cachedSearch.result?.facets ?? result.facets, { navigate, stories: storyTitles });
          focusByKey(focusKey);
        }
      }
    }, (error) => {
      if (error.endpointMissing) {
        storiesApi.available = false;
      }
    });
  }
}

function currentSearchState(overrides) {
  return { ...readState(), view: 'search', id: '', page: 1, ...overrides };
}

function onTyping() {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    typingTimer = null;
    // One history entry per burst of typing, not per keystroke.
    navigate(currentSearchState({ q: ui.q.value }), { replace: typingEntry, typing: true });
  }, TYPING_DELAY_MS);
}

function onSubmit(event) {
  event.preventDefault();
  clearTimeout(typingTimer);
  typingTimer = null;
  navigate(currentSearchState({ q: ui.q.value }), { replace: typingEntry });
}

function onLinkClick(event) {
  const link = event.target.closest('a[data-nav]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  event.preventDefault();
  const href = link.getAttribute('href');
  typingEntry = false;
  // "Back to results" after coming from those results is the browser's Back: no extra history entry.
  if (link.dataset.back !== undefined && window.history.state?.from === href) {
    window.history.back();
    return;
  }
  const from = window.location.search || window.location.pathname;
  if (readState().view === 'search') {
    returnFocusKey = link.dataset.focusKey ?? null;
  }
  window.history.pushState({ from }, '', href);
  render();
}

function onKeyDown(event) {
  const target = event.target;
  const editing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || target?.isContentEditable;
  if (event.key === '/' && !editing && !ui.keyDialog.open) {
    event.preventDefault();
    ui.q.focus();
    ui.q.select();
  } else if (event.key === 'Escape' && !editing && !ui.keyDialog.open && (readState().view === 'article' || readState().view === 'story')) {
    event.preventDefault();
    ui.views[readState().view].querySelector('a[data-back]')?.click();
  }
}

let keyAnswer = null;

function askForKey(message) {
  return new Promise((resolve) => {
    keyAnswer = resolve;
    ui.keyMessage.textContent = message ?? 'This service asks for an API key. It is kept for this browser tab only (session storage).';
    ui.keyInput.value = '';
    ui.keyDialog.showModal();
    ui.keyInput.focus();
  });
}

function answerKey(value) {
  const resolve = keyAnswer;
  keyAnswer = null;
  if (ui.keyDialog.open) {
    ui.keyDialog.close();
  }
  resolve?.(value);
}

function start() {
  onKeyRequired(askForKey);
  ui.keyForm.addEventListener('submit', (event) => {
    event.preventDefault();
    answerKey(ui.keyInput.value.trim() || null);
  });
  ui.keyCancel.addEventListener('click', () => answerKey(null));
  ui.keyDialog.addEventListener('close', () => answerKey(null));

  ui.form.addEventListener('submit', onSubmit);
  ui.q.addEventListener('input', onTyping);
  ui.from.addEventListener('change', () => navigate(currentSearchState({ from: ui.from.value })));
  ui.to.addEventListener('change', () => navigate(currentSearchState({ to: ui.to.value })));
  ui.sort.addEventListener('change', () => navigate(currentSearchState({ sort: ui.sort.value })));
  document.addEventListener('click', onLinkClick);
  document.addEventListener('keydown', onKeyDown);
  window.addEventListener('popstate', () => {
    clearTimeout(typingTimer);
    typingTimer = null;
    typingEntry = false;
    render();
  });
  render();
}

start();
