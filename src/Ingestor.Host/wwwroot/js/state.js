// The page state lives in the URL: every view is a shareable link and the back button undoes a step.

export const FACETS = [
  { field: 'person', label: 'People', one: 'Person' },
  { field: 'organization', label: 'Organizations', one: 'Organization' },
  { field: 'location', label: 'Places', one: 'Place' },
  { field: 'source', label: 'Sources', one: 'Source' },
  { field: 'language', label: 'Languages', one: 'Language' },
  { field: 'story', label: 'Stories', one: 'Story' },
];

export const VIEWS = ['search', 'article', 'story', 'alerts', 'status'];

/** Entity types in search hits and articles, and the facet each filters. */
export const ENTITY_FIELDS = { PERSON: 'person', ORGANIZATION: 'organization', LOCATION: 'location' };

export const PAGE_SIZE = 20;

/** Reads the state from a query string (default: the current URL). */
export function readState(search = window.location.search) {
  const params = new URLSearchParams(search);
  const filters = {};
  for (const { field } of FACETS) {
    filters[field] = unique(params.getAll(field).map((v) => v.trim()).filter((v) => v.length > 0));
  }
  const view = params.get('view');
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  return {
    q: params.get('q') ?? '',
    filters,
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    sort: params.get('sort') ?? '',
    page: Number.isFinite(page) && page > 0 ? page : 1,
    view: VIEWS.includes(view) ? view : 'search',
    id: params.get('id') ?? '',
  };
}

/** The search part of a state as query parameters (what /api/search receives). */
export function searchParams(state, overrides = {}) {
  const s = { ...state, ...overrides, filters: { ...state.filters, ...(overrides.filters ?? {}) } };
  const params = new URLSearchParams();
  if (s.q.trim()) {
    params.set('q', s.q.trim());
  }
  for (const { field } of FACETS) {
    for (const value of s.filters[field] ?? []) {
      params.append(field, value);
    }
  }
  if (s.from) {
    params.set('from', s.from);
  }
  if (s.to) {
    params.set('to', s.to);
  }
  if (s.sort) {
    params.set('sort', s.sort);
  }
  if (s.page > 1) {
    params.set('page', String(s.page));
  }
  return params;
}

/** The page URL for a state: the search parameters, then the view and the item it shows. */
export function urlFor(state) {
  const params = searchParams(state);
  if (state.view !== 'search') {
    params.set('view', state.view);
    if (state.id) {
      params.set('id', state.id);
    }
  }
  const query = params.toString();
  return query ? `?${query}` : window.location.pathname;
}

/** A copy of the state with one filter value added or removed; back to the first page. */
export function toggleFilter(state, field, value) {
  const current = state.filters[field] ?? [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...state, filters: { ...state.filters, [field]: next }, page: 1, view: 'search', id: '' };
}

export function hasFilter(state, field, value) {
  return (state.filters[field] ?? []).includes(value);
}

function unique(values) {
  return [...new Set(values)];
}
