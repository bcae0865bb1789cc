// The query API as the page uses it: JSON GETs with the API key when one is needed, errors as messages.

const KEY_STORAGE = 'ingestor.apiKey';

let memoryKey = null;
let askForKey = null;
let pendingKey = null;

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status
   * @param {string} message what to show the user
   * @param {boolean} hasBody whether the API itself answered (a 404 without a body is a route this server lacks)
   */
  constructor(status, message, hasBody) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.hasBody = hasBody;
  }

  /** The endpoint is not on this server (a feature not installed yet), as opposed to a missing item. */
  get endpointMissing() {
    return (this.status === 404 && !this.hasBody) || this.status === 405;
  }
}

export function storedKey() {
  try {
    return sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

function storeKey(key) {
  try {
    if (key) {
      sessionStorage.setItem(KEY_STORAGE, key);
    } else {
      sessionStorage.removeItem(KEY_STORAGE);
    }
  } catch {
    // Storage disabled: the key lives as long as this page.
  }
  memoryKey = key;
}

/** Registers how to ask the user for a key: (message) => Promise<string|null>. */
export function onKeyRequired(prompt) {
  askForKey = prompt;
}

// Several requests may hit 401 at once: they share one prompt.
function requestKey(message) {
  if (!pendingKey) {
    pendingKey = Promise.resolve(askForKey ? askForKey(message) : null).finally(() => {
      pendingKey = null;
    });
  }
  return pendingKey;
}

/**
 * GETs JSON from the API. Aborting the signal rejects with an AbortError, which callers ignore:
 * it means a newer request replaced this one.
 */
export async function getJson(path, { signal } = {}) {
  for (let attempt = 0; ; attempt++) {
    const key = storedKey() ?? memoryKey;
    const headers = { Accept: 'application/json' };
    if (key) {
      headers['X-Api-Key'] = key;
    }
    const response = await fetch(path, { headers, signal, credentials: 'same-origin', cache: 'no-store' });
    if (response.status === 401 && attempt < 3) {
      const entered = await requestKey(key ? 'That key was not accepted. Try another.' : null);
      if (!entered) {
        throw new ApiError(401, 'This service requires an API key.', true);
      }
      storeKey(entered);
      continue;
    }
    const text = await response.text();
    let body = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    if (!response.ok) {
      const message = body && typeof body.error === 'string'
        ? body.error
        : response.status === 429 ? 'Too many requests: wait a minute and try again.'
        : `The service answered ${response.status} ${response.statusText}.`;
      throw new ApiError(response.status, message, body !== null);
    }
    return body;
  }
}

export function isAbort(error) {
  return error && error.name === 'AbortError';
}
