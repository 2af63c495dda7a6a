// Dialogs: add/edit/remove a camera, Server Settings, Failover Priority, Merge Systems.
import { api, ApiError } from './api.js';
import { state, serverById, esc } from './state.js';

const $ = id => document.getElementById(id);

for (const d of document.querySelectorAll('dialog')) {
  d.addEventListener('click', e => { if (e.target.closest('[data-close]')) d.close(); });
}

/** Shows an API error next to the field its 400 message names, else at the form's foot. */
function showError(form, err) {
  const field = err instanceof ApiError && err.field && form.querySelector(`.err[data-for="${err.field}"]`);
  const target = field || form.querySelector('.err[data-for="*"]');
  target.textContent = err instanceof ApiError ? err.message : 'The server did not answer: ' + err.message;
}

function clearErrors(form) {
  for (const e of form.querySelectorAll('.err')) e.textContent = '';
}

// ---- camera ----

let editingId = null;
let standbyTouched = false;   // until the user ticks it, the standby follows the priority (High: on)

export function editCamera(id) {
  const form = $('camera-form');
  clearErrors(form);
  editingId = id;
  const cam = id ? state.cameras.find(c => c.id === id) : null;
  $('camera-dialog-title').textContent = cam ? 'Edit camera' : 'Add camera';
  $('camera-delete').hidden = !cam;
  form.homeServerId.innerHTML = state.servers.map(s =>
    `<option value="${esc(s.id)}">${esc(s.name)}${s.status === 'online' ? '' : ' (offline)'}</option>`).join('');
  form.name.value = cam ? cam.name : '';
  form.url.value = cam ? cam.url : '';
  form.username.value = '';
  form.password.value = '';
  form.password.placeholder = cam ? 'unchanged' : '';
  form.homeServerId.value = cam ? cam.homeServerId : (state.thisServerId || '');
  form.failoverPriority.value = cam ? cam.failoverPriority : 'medium';
  form.recording.checked = cam ? cam.recording : true;
  form.standby.checked = cam ? cam.standby : false;
  standbyTouched = false;
  $('camera-dialog').showModal();
}

$('camera-form').standby.addEventListener('change', () => { standbyTouched = true; });
$('camera-form').failoverPriority.addEventListener('change', e => {
  if (!standbyTouched) e.target.form.standby.checked = e.target.value === 'high';
});

$('camera-form').addEventListener('submit', async e => {
  e.preventDefault();
  const form = e.target;
  clearErrors(form);
  const cam = editingId ? state.cameras.find(c => c.id === editingId) : null;
  const typed = {
    name: form.name.value,
    url: form.url.value,
    homeServerId: form.homeServerId.value,
    failoverPriority: form.failoverPriority.value,
    recording: form.recording.checked,
  };
  // A new camera sends everything; an edit only what changed (another client may change the rest).
  // The API never echoes credentials back: they are sent only when typed.
  const body = {};
  for (const [k, v] of Object.entries(typed)) if (!cam || cam[k] !== v) body[k] = v;
  if (standbyTouched && (!cam || cam.standby !== form.standby.checked)) body.standby = form.standby.checked;
  if (form.username.value) body.username = form.username.value;
  if (form.password.value) body.password = form.password.value;
  try {
    if (cam) await api('/api/v1/cameras/' + encodeURIComponent(cam.id), { method: 'PATCH', body });
    else await api('/api/v1/cameras', { method: 'POST', body });
    $('camera-dialog').close();
    state.refresh();
  } catch (err) {
    showError(form, err);
  }
});

$('camera-delete').addEventListener('click', async () => {
  const cam = state.cameras.find(c => c.id === editingId);
  if (!cam || !confirm('Remove camera "' + cam.name + '"? Its archive stays until retention removes it.')) return;
  try {
    await api('/api/v1/cameras/' + encodeURIComponent(cam.id), { method: 'DELETE' });
    $('camera-dialog').close();
    state.refresh();
  } catch (err) {
    showError($('camera-form'), err);
  }
});

// ---- server settings ----

let serverId = null;
let serverShown = null;   // what the dialog showed: only what the user changes is sent

export async function serverSettings(id) {
  let s = serverById(id);
  if (!s) return;
  serverId = id;
  const form = $('server-form');
  clearErrors(form);
  try {
    s = await api('/api/v1/servers/' + encodeURIComponent(id), { timeoutMs: 1500 });
  } catch (stale) { /* show what the last poll knew */ }
  serverShown = s;
  $('server-dialog-name').textContent = s.name;
  form.failoverEnabled.checked = s.failoverEnabled;
  form.maxCameras.value = s.maxCameras;
  form.maxStandbys.value = s.maxStandbys;
  $('server-dialog').showModal();
}

$('server-form').addEventListener('submit', async e => {
  e.preventDefault();
  const form = e.target;
  clearErrors(form);
  const body = {};
  if (form.failoverEnabled.checked !== serverShown.failoverEnabled) body.failoverEnabled = form.failoverEnabled.checked;
  // Sent as typed, so the API's own 400 ("maxCameras: ...") explains a bad value.
  if (form.maxCameras.value !== String(serverShown.maxCameras)) body.maxCameras = Number(form.maxCameras.value);
  if (form.maxStandbys.value !== String(serverShown.maxStandbys)) body.maxStandbys = Number(form.maxStandbys.value);
  try {
    await api('/api/v1/servers/' + encodeURIComponent(serverId), { method: 'PATCH', body });
    $('server-dialog').close();
    state.refresh();
  } catch (err) {
    showError(form, err);
  }
});

// ---- failover priority ----

export function failoverPriority() {
  $('priority-error').textContent = '';
  $('priority-list').innerHTML = state.servers.map(s => {
    const cams = state.cameras.filter(c => c.homeServerId === s.id);
    return `<h4><label><input type="checkbox" data-all="${esc(s.id)}"${cams.length ? '' : ' disabled'}> ${esc(s.name)}</label></h4>`
      + (cams.length ? cams.map(c =>
      `<label class="cam"><input type="checkbox" data-camera data-home="${esc(s.id)}" value="${esc(c.id)}"> ${esc(c.name)}
        <span class="meta" data-priority-of="${esc(c.id)}">${esc(c.failoverPriority)}</span></label>`).join('')
      : '<p class="hint">no cameras</p>');
  }).join('');
  $('priority-dialog').showModal();
}

// A server's box ticks all its cameras.
$('priority-list').addEventListener('change', e => {
  const all = e.target.dataset.all;
  if (all === undefined) return;
  for (const box of $('priority-list').querySelectorAll('input[data-camera]')) {
    if (box.dataset.home === all) box.checked = e.target.checked;
  }
});

for (const b of document.querySelectorAll('[data-priority]')) {
  b.addEventListener('click', async () => {
    const ids = [...$('priority-list').querySelectorAll('input[data-camera]:checked')].map(i => i.value);
    $('priority-error').textContent = '';
    if (ids.length === 0) { $('priority-error').textContent = 'Tick at least one camera.'; return; }
    try {
      await api('/api/v1/cameras/failover-priority', { method: 'POST', body: { cameraIds: ids, priority: b.dataset.priority } });
      for (const id of ids) {
        const label = $('priority-list').querySelector(`[data-priority-of="${CSS.escape(id)}"]`);
        if (label) label.textContent = b.dataset.priority;
      }
      state.refresh();
    } catch (err) {
      $('priority-error').textContent = err.message;
    }
  });
}

// ---- merge systems ----

let remote = null;   // system/info of the System found

export async function mergeSystems() {
  remote = null;
  const form = $('merge-form');
  $('merge-found').textContent = '';
  $('merge-outcome').textContent = '';
  $('merge-keep-this').textContent = 'this System (' + (state.system ? state.system.name : '') + ')';
  $('merge-keep-remote').textContent = 'the other System';
  const select = $('merge-discovered');
  select.innerHTML = '<option value="">looking…</option>';
  $('merge-dialog').showModal();
  try {
    const systems = await api('/api/v1/discovery/systems');
    select.innerHTML = systems.length
      ? '<option value="">choose…</option>' + systems.map(s =>
          `<option value="${esc((s.urls || [])[0] || '')}">${esc(s.name)} (${esc((s.urls || [])[0] || 'no URL')})</option>`).join('')
      : '<option value="">none found</option>';
  } catch (err) {
    select.innerHTML = '<option value="">none found</option>';
    select.title = err.message;
  }
  form.url.focus();
}

$('merge-discovered').addEventListener('change', e => {
  if (e.target.value) { $('merge-form').url.value = e.target.value; findSystem(); }
});
$('merge-find').addEventListener('click', findSystem);

async function findSystem() {
  const raw = $('merge-form').url.value.trim();
  remote = null;
  const found = $('merge-found');
  let base;
  try {
    base = new URL(/^https?:\/\//.test(raw) ? raw : 'http://' + raw);
  } catch (e) {
    found.textContent = 'Give a server URL such as http://192.0.2.20:7001.';
    return;
  }
  found.textContent = 'Asking ' + base.origin + '…';
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 4000);
  try {
    const r = await fetch(new URL('/api/v1/system/info', base), { signal: abort.signal });
    if (r.status === 404) { found.textContent = base.origin + ' answers, but has no /api/v1/system/info: it is not an Argus server of a compatible version.'; return; }
    if (!r.ok) { found.textContent = base.origin + ' answered HTTP ' + r.status + '.'; return; }
    remote = await r.json();
    remote.url = base.origin;
    const same = state.system && remote.systemId === state.system.systemId;
    found.textContent = `Found System "${remote.name}" (version ${remote.version}, id ${remote.systemId})` +
      (same ? ' — that is this System already.' : '.');
    $('merge-keep-remote').textContent = 'the other System (' + remote.name + ')';
  } catch (e) {
    found.textContent = 'No answer from ' + base.origin + ' (unreachable, or not an Argus server that lets this page read its /api/v1/system/info).';
  } finally {
    clearTimeout(timer);
  }
}

$('merge-form').addEventListener('submit', async e => {
  e.preventDefault();
  const form = e.target;
  const out = $('merge-outcome');
  const url = remote ? remote.url : form.url.value.trim();
  if (!url) { out.className = 'err'; out.textContent = 'Give the URL of a server of the other System (and Find System).'; return; }
  out.className = 'hint';
  out.textContent = 'Merging… the servers of both Systems are joining; this can take a while.';
  $('merge-go').disabled = true;
  try {
    await api('/api/v1/system/merge', { method: 'POST', timeoutMs: 120000,
      body: { url, username: form.username.value, password: form.password.value, keep: form.keep.value } });
    out.textContent = 'Merged. The Resource Tree now shows the servers and cameras of both Systems.';
    state.refresh();
  } catch (err) {
    out.className = 'err';
    const why = {
      401: 'Wrong user or password for the other System.',
      409: 'That is already the same System.',
      422: 'The other System runs an incompatible version.',
      503: 'The other System could not be reached.',
    }[err.status];
    out.textContent = err.status === 404 || err.status === 405
      ? 'This server cannot merge Systems yet (HTTP ' + err.status + ': ' + err.message + ').'
      : 'Merge failed: ' + (why ? why + ' ' : '') + '(' + (err.status ? 'HTTP ' + err.status + ': ' : '') + err.message + ')';
  } finally {
    $('merge-go').disabled = false;
  }
});
