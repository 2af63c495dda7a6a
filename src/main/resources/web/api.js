// The public HTTP API (docs/API.md), nothing else. Same origin: the page is always served by the
// server it talks to (on reconnection it is reloaded from another server, see app.js).

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

export async function api(path, { method = 'GET', body, timeoutMs = 4000 } = {}) {
  const headers = {};
  const token = session.token();
  if (token) headers['Authorization'] = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let r;
  try {
    r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: abort.signal });
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

/** A media URL a player or a link can fetch without headers (GET accepts ?token=). */
export function mediaUrl(path, params = {}) {
  const q = new URLSearchParams({ ...params, token: session.token() });
  return path + '?' + q;
}
