// What the page knows about the System, shared by the tree, the camera view and the dialogs.
export const state = {
  system: null,        // {systemId, name, version}
  servers: [],         // [Server] as GET /api/v1/servers returns them
  cameras: [],         // [Camera]
  thisServerId: null,  // the server this page is connected to (GET /api/v1/health)
  selectedCameraId: null,
  refresh: async () => {},  // set by app.js: poll now
};

export function serverById(id) {
  return state.servers.find(s => s.id === id) || null;
}

export function serverName(id) {
  const s = serverById(id);
  return s ? s.name : (id || '—');
}

/** A colour per server, the same in the tree and on the timeline (and on every page: by id order). */
const PALETTE = ['#1e88e5', '#d81b60', '#43a047', '#fb8c00', '#8e24aa', '#00897b', '#6d4c41', '#3949ab'];
export function serverColor(id) {
  const ids = state.servers.map(s => s.id).sort();
  const i = ids.indexOf(id);
  if (i >= 0) return PALETTE[i % PALETTE.length];
  let h = 0;
  for (const ch of String(id)) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `hsl(${h % 360}, 55%, 45%)`;
}

export function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

export function bytes(n) {
  if (n == null) return '?';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
  return n.toFixed(n < 10 && i > 0 ? 1 : 0) + ' ' + units[i];
}

export const sleep = ms => new Promise(r => setTimeout(r, ms));
