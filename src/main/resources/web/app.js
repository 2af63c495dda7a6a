// Argus web client: log in, poll the System every 2 s, draw the Resource Tree, and carry on with
// another server of the System when this one stops answering.
//
// Reconnection: the page stays loaded and talks to another server of the same System from then on
// (GET /api/v1/servers tells their URLs; the API answers the origins of the System's servers).
// The login token never travels in a URL: a page never logs in from its address, so a link cannot
// log a browser in as whoever made it. The address fragment keeps only the view (camera, mode).
import { api, login, session, useServer, serverOrigin, mediaUrl, ApiError, Unreachable } from './api.js';
import { state, serverName, serverColor, esc, bytes, sleep } from './state.js';
import * as player from './player.js';
import * as dialogs from './dialogs.js';
import { addCameras } from './discover.js';

const POLL_MS = 2000;
const FAILED_POLLS_BEFORE_SWITCH = 2;
const $ = id => document.getElementById(id);

let failedPolls = 0;
let switching = false;
let lastTree = '';
let pollGeneration = 0;   // a new login starts a new loop; the old one stops

/**
 * The view a link names (camera, mode, span); anything else in it, a token included, is dropped,
 * and of the query only ?hls (live over HLS instead of MSE) is kept.
 */
function readFragment() {
  const p = new URLSearchParams(location.hash.slice(1));
  const view = { camera: p.get('camera'), mode: p.get('mode'), at: Number(p.get('at')) || null, to: Number(p.get('to')) || null };
  const query = new URLSearchParams(location.search).has('hls') ? '?hls' : '';
  history.replaceState(null, '', location.pathname + query + (view.camera ? '#camera=' + encodeURIComponent(view.camera) : ''));
  return view;
}

function showLogin(message) {
  $('app').hidden = true;
  $('logout').hidden = true;
  $('user').textContent = '';
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  player.close();
}

async function start(view) {
  $('login').hidden = true;
  $('app').hidden = false;
  $('logout').hidden = false;
  const s = session.get();
  $('user').textContent = s.username ? s.username + (s.role ? ' (' + s.role + ')' : '') : '';
  try {
    state.thisServerId = (await api('/api/v1/health')).serverId;
  } catch (e) { /* the poll below reports it */ }
  await poll();
  if (view.camera) selectCamera(view.camera, view);
  pollLoop();
}

async function pollLoop() {
  const generation = ++pollGeneration;
  let began = Date.now();
  for (;;) {
    await sleep(Math.max(0, POLL_MS - (Date.now() - began)));
    if (!session.get() || generation !== pollGeneration) return;
    began = Date.now();
    await poll();
  }
}

async function poll() {
  try {
    const [system, cameras] = await Promise.all([
      api('/api/v1/system', { timeoutMs: 1500 }), api('/api/v1/cameras', { timeoutMs: 1500 })]);
    state.system = { systemId: system.systemId, name: system.name, version: system.version };
    state.servers = system.servers;
    state.cameras = cameras;
    failedPolls = 0;
    showConnected();
    renderTree();
    player.update();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      session.clear();
      showLogin('Your session ended; log in again.');
      return;
    }
    failedPolls++;
    showLost(e);
    if (failedPolls >= FAILED_POLLS_BEFORE_SWITCH && !switching) switchServer();
  }
}
state.refresh = poll;

function showConnected() {
  const me = state.servers.find(s => s.id === state.thisServerId);
  const c = $('connection');
  c.className = 'connection';
  c.textContent = 'connected to ' + (me ? me.name : new URL(serverOrigin()).host);
  c.dataset.serverId = state.thisServerId || '';
  c.dataset.origin = serverOrigin();
  $('system-name').textContent = state.system ? state.system.name : '';
  if (!switching) $('banner').hidden = true;
}

function showLost(e) {
  const c = $('connection');
  c.className = 'connection lost';
  c.textContent = 'no answer from ' + new URL(serverOrigin()).host;
  banner('This server is not answering (' + (e instanceof Unreachable ? e.message : e.message) + ').');
}

function banner(text) {
  $('banner').textContent = text;
  $('banner').hidden = false;
}

/** Another server of the same System that answers, online ones first: the page carries on with it. */
async function switchServer() {
  switching = true;
  const me = state.servers.find(s => s.id === state.thisServerId);
  banner('Server ' + (me ? me.name : new URL(serverOrigin()).host) + ' stopped answering; moving to another server of the System…');
  for (;;) {
    const others = state.servers
      .filter(s => s.url && new URL(s.url).origin !== serverOrigin())
      .sort((a, b) => (a.status === 'online' ? 0 : 1) - (b.status === 'online' ? 0 : 1));
    for (const s of others) {
      if (await sameSystemAnswers(s.url)) {
        banner('Moving to server ' + s.name + ' (' + s.url + ')…');
        useServer(s.url);
        try {
          state.thisServerId = (await api('/api/v1/health', { timeoutMs: 1500 })).serverId;
        } catch (e) { continue; }
        failedPolls = 0;
        switching = false;
        await poll();
        player.reopen();
        return;
      }
    }
    try {  // this server may be back
      await api('/api/v1/health', { timeoutMs: 1000 });
      switching = false;
      failedPolls = 0;
      return;
    } catch (stillDown) { /* keep looking */ }
    if (others.length === 0) banner('This server is not answering, and the page knows no other server of the System.');
    await sleep(1000);
  }
}

async function sameSystemAnswers(url) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 1500);
  try {
    const r = await fetch(new URL('/api/v1/system/info', url), { signal: abort.signal });
    if (!r.ok) return false;
    const info = await r.json();
    return !state.system || info.systemId === state.system.systemId;
  } catch (e) {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

// ---- Resource Tree ----

function cameraNode(c) {
  const st = c.status || {};
  const where = st.serverId ? 'on ' + serverName(st.serverId) : '';
  const home = c.homeServerId && c.homeServerId !== st.serverId ? 'home ' + serverName(c.homeServerId) : '';
  const sb = st.standby;
  const standby = sb ? 'standby ' + serverName(sb.serverId) + (sb.warm ? '' : sb.error ? ' (no stream)' : ' (warming)') : '';
  const meta = [where, home, standby].filter(Boolean).join(' · ');
  return `<li class="camera${c.id === state.selectedCameraId ? ' selected' : ''}" data-camera="${esc(c.id)}">
    <div class="node" data-select="${esc(c.id)}">
      <img class="thumb" data-thumb="${esc(c.id)}" alt=""><span class="name">${esc(c.name)}</span>
      <span class="state ${esc(st.state)}">${esc(st.state)}</span>
      ${st.error ? `<span class="err" title="${esc(st.error)}">⚠</span>` : ''}
      <span class="spacer"></span>
      <button class="icon-button" data-edit="${esc(c.id)}" title="edit camera">✎</button>
    </div>
    ${meta ? `<div class="meta sub" data-select="${esc(c.id)}">${esc(meta)}</div>` : ''}</li>`;
}

function renderTree() {
  const byServer = new Map(state.servers.map(s => [s.id, []]));
  const elsewhere = [];
  for (const c of state.cameras) {
    const where = (c.status && c.status.serverId) || c.homeServerId;
    (byServer.get(where) || elsewhere).push(c);
  }
  const servers = state.servers.map(s => {
    const free = s.storage && s.storage.freeBytes != null ? bytes(s.storage.freeBytes) + ' free' : 'storage ?';
    return `<li class="server" data-server="${esc(s.id)}">
      <div class="node">
        <span class="dot ${esc(s.status)}" title="${esc(s.status)}"></span>
        <i class="swatch" title="colour of its recordings on the timeline" style="background:${serverColor(s.id)}"></i>
        <span class="name">${esc(s.name)}${s.id === state.thisServerId ? ' ★' : ''}</span>
        <span class="spacer"></span>
        <button class="icon-button" data-server-settings="${esc(s.id)}" title="Server Settings">⚙</button>
      </div>
      <div class="meta sub">${esc(s.status)} · ${s.cameraCount} / ${s.maxCameras} cameras · ${esc(free)}${s.failoverEnabled ? '' : ' · no failover'}</div>
      <ul>${byServer.get(s.id).map(cameraNode).join('')}</ul></li>`;
  }).join('');
  const html = `<li class="system"><div class="node"><span class="icon system"></span>${esc(state.system ? state.system.name : 'System')}</div>
    <ul>${servers}${elsewhere.map(cameraNode).join('')}</ul></li>`;
  if (html !== lastTree) {
    lastTree = html;
    $('tree').innerHTML = html;
  }
  refreshThumbs();
}

// ---- snapshots in the tree: each camera's newest keyframe, fetched again every 10 s ----

const THUMB_WIDTH = 96;   // drawn at 48 px: sharp on a high-density screen
const THUMB_REFRESH_MS = 10000;
const thumbs = new Map(); // camera id -> {bucket, url}: one fetch per camera per 10 s, however often the tree redraws

function refreshThumbs() {
  const bucket = Math.floor(Date.now() / THUMB_REFRESH_MS);
  for (const img of document.querySelectorAll('#tree img[data-thumb]')) {
    const id = img.dataset.thumb;
    const kept = thumbs.get(id);
    if (kept && kept.url && img.getAttribute('src') !== kept.url) img.src = kept.url;
    if (kept && kept.bucket === bucket) continue;
    thumbs.set(id, { bucket, url: kept ? kept.url : '' });
    mediaUrl(id, `/api/v1/cameras/${encodeURIComponent(id)}/snapshot.jpg`, { width: THUMB_WIDTH, t: bucket })
      .then(url => {
        thumbs.set(id, { bucket, url });
        for (const i of document.querySelectorAll(`#tree img[data-thumb="${CSS.escape(id)}"]`)) i.src = url;
      })
      .catch(() => { /* no token now: the next bucket tries again */ });
  }
}

// A camera without a keyframe yet answers 503: its thumbnail stays blank until one loads.
$('tree').addEventListener('error', e => { if (e.target.matches('img.thumb')) e.target.classList.add('missing'); }, true);
$('tree').addEventListener('load', e => { if (e.target.matches('img.thumb')) e.target.classList.remove('missing'); }, true);

function selectCamera(id, view) {
  const cam = state.cameras.find(c => c.id === id);
  if (!cam) return;
  state.selectedCameraId = id;
  history.replaceState(null, '', '#camera=' + encodeURIComponent(id));
  renderTree();
  player.open(cam, view || { mode: 'live' });
}

// ---- wiring ----

$('tree').addEventListener('click', e => {
  const edit = e.target.closest('[data-edit]');
  if (edit) return dialogs.editCamera(edit.dataset.edit);
  const settings = e.target.closest('[data-server-settings]');
  if (settings) return dialogs.serverSettings(settings.dataset.serverSettings);
  const sel = e.target.closest('[data-select]');
  if (sel) selectCamera(sel.dataset.select);
});
$('add-camera').addEventListener('click', () => dialogs.editCamera(null));
$('open-priority').addEventListener('click', () => dialogs.failoverPriority());
$('open-merge').addEventListener('click', () => dialogs.mergeSystems());
$('open-discover').addEventListener('click', () => addCameras());
$('logout').addEventListener('click', () => { session.clear(); showLogin(); });
$('login').addEventListener('submit', async e => {
  e.preventDefault();
  const f = e.target;
  $('login-error').textContent = '';
  try {
    await login(f.username.value, f.password.value);
    f.password.value = '';
    start({});
  } catch (err) {
    $('login-error').textContent = err instanceof ApiError && err.status === 401
      ? 'Wrong user or password.' : err.message;
  }
});

const initialView = readFragment();
if (session.get()) start(initialView); else showLogin();
