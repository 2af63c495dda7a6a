// Camera view: live video through MSE (live-mse.js; HLS where MSE is missing or fails), archive
// through hls.js, and the timeline of recorded periods under it (coloured by the server that
// recorded them). Click the timeline to play archive from there, drag to select a span (played,
// and offered as an MP4 export).
import { api, mediaUrl, serverOrigin, session } from './api.js';
import { state, serverColor, serverName, esc } from './state.js';
import { MseLive, mseSupported, liveStats } from './live-mse.js';

const $ = id => document.getElementById(id);
const LIVE_EDGE_MS = 5000;      // a click this close to now means live
const RETRY_MS = 2000;

let cam = null;
let mode = 'live';              // 'live' | 'archive'
let archiveFrom = 0;
let archiveTo = 0;
let selection = null;           // [fromMs, toMs]
let periods = [];
let hls = null;
let mse = null;
let liveOverHls = false;        // this camera's live view fell back to HLS
let retryTimer = null;
let periodsInFlight = false;

const video = $('video');

export function open(camera, view) {
  if (!cam || cam.id !== camera.id) liveOverHls = false;
  cam = camera;
  selection = null;
  $('no-camera').hidden = true;
  $('camera-view').hidden = false;
  $('camera-title').textContent = camera.name;
  if (view.mode === 'archive' && view.at) playArchive(view.at, view.to || Date.now());
  else playLive();
  update();
}

export function close() {
  cam = null;
  destroy();
  $('camera-view').hidden = true;
  $('no-camera').hidden = false;
}

/** After the page moved to another server: the same view, played from there. */
export function reopen() {
  if (!cam) return;
  if (mode === 'archive') playArchive(archivePosition(), archiveTo);
  else playLive();
}

/** Called after every poll: fresh camera data, periods and timeline. */
export function update() {
  if (!cam) return;
  const fresh = state.cameras.find(c => c.id === cam.id);
  if (!fresh) {   // removed (here or by another client)
    close();
    return;
  }
  cam = fresh;
  $('camera-title').textContent = cam.name;
  loadPeriods();
  drawTimeline();
}

function playLive() {
  mode = 'live';
  $('play-mode').textContent = 'LIVE';
  $('play-mode').className = 'badge live';
  if (mseSupported() && !liveOverHls && !new URLSearchParams(location.search).has('hls')) {
    destroy();
    status('Opening the live stream…');
    const camera = cam;
    mse = new MseLive(video, cam.id, {
      status,
      fallback: reason => {
        if (cam !== camera || mode !== 'live') return;
        liveOverHls = true;
        playLive();
        status('Live over HLS (' + reason + ')');
      },
    });
    return;
  }
  liveStats.mode = 'hls';
  liveStats.samples = [];
  load(`/api/v1/cameras/${encodeURIComponent(cam.id)}/live.m3u8`, {}, 'live');
}

// For HLS live, how old the picture is: wall clock minus the program date time hls.js plays
// (the playlists carry the recording's receive times), sampled every 250 ms.
setInterval(() => {
  if (mode !== 'live' || !hls || video.paused || !hls.playingDate) return;
  liveStats.samples.push(Date.now() - hls.playingDate.getTime());
  if (liveStats.samples.length > 6000) liveStats.samples.splice(0, 1000);
}, 250);

function playArchive(from, to) {
  mode = 'archive';
  archiveFrom = Math.round(from);
  archiveTo = Math.round(Math.min(to, from + 24 * 3600 * 1000));
  $('play-mode').textContent = 'ARCHIVE ' + new Date(archiveFrom).toLocaleTimeString();
  $('play-mode').className = 'badge';
  load(`/api/v1/cameras/${encodeURIComponent(cam.id)}/archive.m3u8`, { from: archiveFrom, to: archiveTo }, 'archive');
}

function archivePosition() {
  return archiveFrom + (video.currentTime || 0) * 1000;
}

function destroy() {
  clearTimeout(retryTimer);
  if (hls) { hls.destroy(); hls = null; }
  if (mse) { mse.stop(); mse = null; }
  video.removeAttribute('src');
  video.load();
}

function status(text) {
  $('player-status').textContent = text;
}

/**
 * Plays a playlist. hls.js sends the login token as a header with every request, so the
 * playlist's URL carries none; its segment URLs carry read-only media tokens the server put there.
 * Safari plays HLS itself and sends no headers: its URL carries a media token.
 */
function load(path, params, kind) {
  destroy();
  status(kind === 'live' ? 'Opening the live stream…' : 'Opening the archive…');
  const again = () => { retryTimer = setTimeout(() => { if (cam && mode === kind) load(path, params, kind); }, RETRY_MS); };
  const url = serverOrigin() + path + (Object.keys(params).length ? '?' + new URLSearchParams(params) : '');
  if (window.Hls && window.Hls.isSupported()) {
    hls = new window.Hls({ liveSyncDurationCount: 2, manifestLoadingMaxRetry: 1, levelLoadingMaxRetry: 2,
      xhrSetup: xhr => { const t = session.token(); if (t) xhr.setRequestHeader('Authorization', 'Bearer ' + t); } });
    hls.on(window.Hls.Events.ERROR, (event, data) => {
      if (!data.fatal) return;
      const code = data.response && data.response.code;
      status((kind === 'live' ? 'No live video yet' : 'Archive not playable') + (code ? ' (HTTP ' + code + ')' : '') + '; trying again…');
      again();
    });
    hls.loadSource(url);
    hls.attachMedia(video);
  } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
    const camera = cam;
    mediaUrl(camera.id, path, params).then(u => { if (cam === camera && mode === kind) video.src = u; }).catch(again);
    video.onerror = again;
  } else {
    status('This browser cannot play HLS.');
    return;
  }
  video.play().catch(() => { /* autoplay refused: the user presses play */ });
}

video.addEventListener('playing', () => status(mode !== 'live' ? 'Playing archive' : mse ? 'Live (MSE)' : 'Live (HLS)'));
video.addEventListener('ended', () => { if (cam && mode === 'archive') playLive(); });
video.addEventListener('timeupdate', drawPlayhead);
$('go-live').addEventListener('click', () => { if (cam) { selection = null; playLive(); drawTimeline(); } });
$('zoom').addEventListener('change', () => { loadPeriods(); drawTimeline(); });

// ---- timeline ----

function windowMs() {
  const zoom = Number($('zoom').value);
  const now = Date.now();
  return [now - zoom, now];
}

async function loadPeriods() {
  if (!cam || periodsInFlight) return;
  periodsInFlight = true;
  const [from, to] = windowMs();
  try {
    periods = await api(`/api/v1/cameras/${encodeURIComponent(cam.id)}/periods?from=${from}&to=${to + 1000}`, { timeoutMs: 1500 });
    drawTimeline();
  } catch (e) {
    /* the next poll tries again */
  } finally {
    periodsInFlight = false;
  }
}

function x(ms, [from, to]) {
  return Math.max(0, Math.min(100, (ms - from) / (to - from) * 100));
}

function drawTimeline() {
  const w = windowMs();
  $('periods').innerHTML = periods.map(p => {
    const left = x(p.startMs, w), right = x(p.endMs, w);
    return `<div class="period${p.available === false ? ' unavailable' : ''}" data-server="${esc(p.serverId)}"
      data-start="${p.startMs}" data-end="${p.endMs}"
      title="${esc(serverName(p.serverId))}: ${new Date(p.startMs).toLocaleTimeString()} – ${new Date(p.endMs).toLocaleTimeString()}"
      style="left:${left}%;width:${Math.max(0, right - left)}%;background:${serverColor(p.serverId)}"></div>`;
  }).join('');
  const ticks = [];
  for (let i = 0; i <= 4; i++) {
    const t = w[0] + (w[1] - w[0]) * i / 4;
    ticks.push(`<span style="left:${i * 25}%">${new Date(t).toLocaleTimeString()}</span>`);
  }
  $('ticks').innerHTML = ticks.join('');
  const servers = [...new Set(periods.map(p => p.serverId))];
  $('legend').innerHTML = servers.map(id => `<span><i style="background:${serverColor(id)}"></i>${esc(serverName(id))}</span>`).join('');
  const sel = $('selection');
  if (selection) {
    sel.hidden = false;
    sel.style.left = x(selection[0], w) + '%';
    sel.style.width = (x(selection[1], w) - x(selection[0], w)) + '%';
    const exp = $('export');
    const span = selection;
    mediaUrl(cam.id, `/api/v1/cameras/${encodeURIComponent(cam.id)}/export.mp4`, { from: Math.round(span[0]), to: Math.round(span[1]) })
      .then(url => { if (selection === span) { exp.href = url; exp.hidden = false; } })
      .catch(() => { /* no token now: the next draw tries again */ });
    $('selection-label').textContent = new Date(selection[0]).toLocaleTimeString() + ' – ' + new Date(selection[1]).toLocaleTimeString();
  } else {
    sel.hidden = true;
    $('export').hidden = true;
    $('selection-label').textContent = '';
  }
  drawPlayhead();
}

function drawPlayhead() {
  if (!cam) return;
  const w = windowMs();
  const at = mode === 'live' ? w[1] : archivePosition();
  const ph = $('playhead');
  ph.hidden = false;
  ph.style.left = `calc(${x(at, w)}% - 1px)`;
}

function timeAt(clientX) {
  const r = $('timeline').getBoundingClientRect();
  const [from, to] = windowMs();
  return from + Math.max(0, Math.min(1, (clientX - r.left) / r.width)) * (to - from);
}

let dragFrom = null;
let dragX = 0;
const tl = $('timeline');
tl.addEventListener('pointerdown', e => {
  if (!cam) return;
  dragFrom = timeAt(e.clientX);
  dragX = e.clientX;
  tl.setPointerCapture(e.pointerId);
});
tl.addEventListener('pointermove', e => {
  if (dragFrom == null || Math.abs(e.clientX - dragX) < 5) return;
  const t = timeAt(e.clientX);
  selection = [Math.min(dragFrom, t), Math.max(dragFrom, t)];
  drawTimeline();
});
// Hovering a recorded stretch shows the keyframe there (a snapshot of the archive at that time).
const HOVER_WIDTH = 160;
const hover = $('hover-snapshot');
let hoverTimer = null;
tl.addEventListener('pointermove', e => {
  if (!cam || dragFrom != null) return;
  const t = Math.round(timeAt(e.clientX));
  const recorded = periods.some(p => p.available !== false && p.startMs <= t && t <= p.endMs);
  clearTimeout(hoverTimer);
  if (!recorded) { hover.hidden = true; return; }
  hover.style.left = (e.clientX - tl.getBoundingClientRect().left) + 'px';
  const camId = cam.id;
  hoverTimer = setTimeout(() => {  // only where the pointer rests, not at every pixel it crosses
    mediaUrl(camId, `/api/v1/cameras/${encodeURIComponent(camId)}/snapshot.jpg`, { at: t, width: HOVER_WIDTH })
      .then(url => { if (cam && cam.id === camId) { hover.dataset.at = t; hover.src = url; } })
      .catch(() => { /* no token now: the next move tries again */ });
  }, 150);
});
tl.addEventListener('pointerleave', () => { clearTimeout(hoverTimer); hover.hidden = true; });
hover.addEventListener('load', () => { hover.hidden = false; });
hover.addEventListener('error', () => { hover.hidden = true; });

tl.addEventListener('pointerup', e => {
  if (dragFrom == null) return;
  const t = timeAt(e.clientX);
  const dragged = Math.abs(e.clientX - dragX) >= 5;
  const from = dragged ? Math.min(dragFrom, t) : t;
  const to = dragged ? Math.max(dragFrom, t, from + 1000) : t;
  dragFrom = null;
  if (dragged) {
    selection = [from, to];
    playArchive(from, to);
  } else if (from > Date.now() - LIVE_EDGE_MS) {
    selection = null;
    playLive();
  } else {
    selection = null;
    playArchive(from, Date.now());
  }
  drawTimeline();
});
