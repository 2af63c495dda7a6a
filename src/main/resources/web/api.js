// The public HTTP API (docs/API.md), nothing else. The page talks to the server that served it
// until that one stops answering; then to another server of the System (useServer, see app.js),
// which answers it across origins (the API allows the origins of the System's servers).

const SESSION_KEY = 'argus.session';

/** An error answer of the API: {error, message}; field is the name a 400 message starts with. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || ('HTTP ' + status));
    this.status = status;
    this.code = code;
    const m = /^([A-Za-z][\w.]*): /.exec(message || '');
    this.field = status === 400 && m ? m[1] : null;
  }
}

/** A network failure or timeout: the server did not answer. */
export class Unreachable extends Error {}

export const session = {
  get() {
    try {
      const s = JSON.parse(localStorage.getItem(SESSION_KEY));
      if (s && s.token && (!s.expiresAt || s.expiresAt > Date.now())) return s;
    } catch (ignored) { /* not JSON: no session */ }
    localStorage.removeItem(SESSION_KEY);
    return null;
  },
  set(s) { localStorage.setItem(SESSION_KEY, JSON.stringify(s)); },
  clear() { localStorage.removeItem(SESSION_KEY); },
  token() { const s = this.get(); return s ? s.token : null; },
};

let base = '';   // '' while the page talks to the server that served it; else another server's origin

/** Talk to another server of the System from now on (its URL), or back to this page's own server (''). */
export function useServer(url) {
  base = url && new URL(url).origin !== location.origin ? new URL(url).origin : '';
}

/** The origin the page talks to now. */
export function serverOrigin() {
  return base || location.origin;
}

export async function api(path, { method = 'GET', body, timeoutMs = 4000 } = {}) {
  const headers = {};
  const token = session.token();
  if (token) headers['Authorization'] = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let r;
  try {
    r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: abort.signal });
  } catch (e) {
    throw new Unreachable(e.name === 'AbortError' ? 'no answer in ' + timeoutMs + ' ms' : e.message);
  } finally {
    clearTimeout(timer);
  }
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (ignored) { /* not JSON */ }
  if (!r.ok) throw new ApiError(r.status, json && json.error, json ? json.message : text.slice(0, 200));
  return json;
}

export async function login(username, password) {
  const s = await api('/api/v1/login', { method: 'POST', body: { username, password } });
  session.set(s);
  return s;
}

const mediaTokens = new Map();   // camera id -> {token, expiresAt}

/**
 * A read-only token for one camera's media (GET .../media-token), kept until two minutes before
 * it expires: what goes into URLs that travel without headers, never the login token.
 */
export async function mediaToken(cameraId) {
  const kept = mediaTokens.get(cameraId);
  if (kept && kept.expiresAt - Date.now() > 120000) return kept.token;
  const fresh = await api('/api/v1/cameras/' + encodeURIComponent(cameraId) + '/media-token');
  mediaTokens.set(cameraId, fresh);
  return fresh.token;
}

/** A media URL of a camera a player or a link can fetch without headers (?token= a media token). */
export async function mediaUrl(cameraId, path, params = {}) {
  const q = new URLSearchParams({ ...params, token: await mediaToken(cameraId) });
  return base + path + '?' + q;
}
