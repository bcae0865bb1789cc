// Small DOM helpers. Text always goes in as text nodes; the only markup the page accepts is the
// <mark> of search snippets, rebuilt here as elements.

/**
 * Creates an element. attrs: attributes (false/null skip), except `text` (textContent),
 * `dataset` (data-*) and `on` ({event: handler}).
 */
export function el(tag, attrs = {}, ...children) {
  const node = tag === 'svg' || attrs.svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined || name === 'svg') {
      continue;
    }
    if (name === 'text') {
      node.textContent = value;
    } else if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (name === 'on') {
      for (const [event, handler] of Object.entries(value)) {
        node.addEventListener(event, handler);
      }
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

export function svg(tag, attrs = {}, ...children) {
  return el(tag, { ...attrs, svg: true }, ...children);
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the character references an HTML-escaped snippet may contain. */
export function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/**
 * The API's snippet (escaped text with <mark>…</mark>) as DOM nodes. Only exact <mark> and </mark>
 * become elements; anything else, even something that looks like a tag, stays text.
 */
export function snippetNodes(html) {
  const nodes = [];
  let mark = null;
  for (const part of String(html ?? '').split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') {
      mark = document.createElement('mark');
      nodes.push(mark);
    } else if (part === '</mark>') {
      mark = null;
    } else if (part) {
      const text = document.createTextNode(decodeEntities(part));
      if (mark) {
        mark.append(text);
      } else {
        nodes.push(text);
      }
    }
  }
  return nodes;
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

/** A <time> element for an ISO instant, shown in UTC (the API's zone), or "undated". */
export function timeElement(iso, { withTime = true } = {}) {
  if (!iso) {
    return el('span', { class: 'undated', text: 'undated' });
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return el('span', { text: iso });
  }
  return el('time', { datetime: iso, text: withTime ? `${dateTime.format(date)} UTC` : dateOnly.format(date) });
}

export function formatDay(date) {
  return dateOnly.format(date);
}

let languageNames = null;
try {
  languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
} catch {
  languageNames = null;
}

/** "English" for "en"; the code itself when unknown. */
export function languageName(code) {
  if (!code || code === 'und') {
    return 'Undetermined';
  }
  try {
    return languageNames?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Only web links leave the page: javascript:, data: and the like are shown as text. */
export function safeHref(url) {
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export function plural(count, one, many = `${one}s`) {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
}
