// The "Add cameras" dialog: the ONVIF cameras the System found (GET /api/v1/discovery/cameras),
// one credentials box for all of them, and one click per camera or for all. Adding a camera asks
// it what it streams (POST .../inspect, from the server this page talks to) and adds its main
// stream (the largest picture) with the credentials, homed on a server that saw it: this one if it
// did. Nothing here that the API does not do.
import { api } from './api.js';
import { state, serverName, esc } from './state.js';

const $ = id => document.getElementById(id);

let found = [];                 // the System's list, as the API gives it
const outcomes = new Map();     // endpoint -> {text, error}: what adding it did (kept across refreshes)
let adding = false;

export async function addCameras() {
  outcomes.clear();
  found = [];
  render('Looking for cameras…');
  $('discover-dialog').showModal();
  try {
    found = await api('/api/v1/discovery/cameras');
    render(found.length ? '' : 'Searching the network…');
  } catch (err) {
    render('The list is not available: ' + err.message);
  }
  await probe();
}

/** Probes from this server now; the API answers the System's list 3 s later. */
async function probe() {
  $('discover-probe').disabled = true;
  try {
    found = await api('/api/v1/discovery/cameras/probe', { method: 'POST', body: {}, timeoutMs: 15000 });
    render(found.length ? '' : 'No ONVIF camera answered. Cameras on another network or with discovery off: add them with + Camera.');
  } catch (err) {
    render('Searching failed: ' + err.message);
  } finally {
    $('discover-probe').disabled = false;
  }
}

function render(status) {
  $('discover-status').textContent = status;
  $('discover-list').innerHTML = found.map(d => {
    const o = outcomes.get(d.endpoint);
    const added = d.added || (o && o.added);
    const meta = [d.address, d.hardware, 'seen by ' + (d.seenBy || []).map(serverName).join(', ')].filter(Boolean);
    return `<div class="found" data-endpoint="${esc(d.endpoint)}">
      <span class="name">${esc(d.name || d.address)}</span>
      <span class="meta">${esc(meta.join(' · '))}</span>
      <span class="outcome${o && o.error ? ' err' : ''}" data-outcome>${esc(o ? o.text : (added ? 'added' : ''))}</span>
      <button type="button" data-add="${esc(d.endpoint)}"${added ? ' hidden' : ''}${adding ? ' disabled' : ''}>Add</button>
    </div>`;
  }).join('');
  $('discover-add-all').disabled = adding || !found.some(d => !d.added && !(outcomes.get(d.endpoint) || {}).added);
}

/** The API's named errors, as an operator reads them. */
function explain(err) {
  switch (err.code) {
    case 'device_unauthorized': return 'Wrong user or password for this camera.';
    case 'clock_skew': return 'The camera\'s clock is off: ' + err.message;
    case 'not_onvif': return 'Not an ONVIF camera (' + err.message + ').';
    case 'device_unreachable': return 'This server cannot reach it: ' + err.message;
    case 'no_video_profile': return 'It streams no H.264 or H.265.';
    default: return err.message;
  }
}

async function add(device) {
  const form = $('discover-form');
  const username = form.username.value;
  const password = form.password.value;
  outcomes.set(device.endpoint, { text: 'Asking the camera…' });
  render($('discover-status').textContent);
  try {
    const info = await api('/api/v1/discovery/cameras/inspect', { method: 'POST', timeoutMs: 30000,
      body: { address: (device.xaddrs || [])[0] || device.address, username, password } });
    const main = info.profiles[0];
    const seen = device.seenBy || [];
    const body = {
      name: device.name || [info.manufacturer, info.model].filter(Boolean).join(' ') || device.address,
      url: main.streamUri,
      homeServerId: seen.includes(state.thisServerId) ? state.thisServerId : (seen[0] || state.thisServerId),
    };
    if (username) body.username = username;
    if (password) body.password = password;
    await api('/api/v1/cameras', { method: 'POST', body });
    outcomes.set(device.endpoint, { added: true,
      text: `added: ${main.width}×${main.height} ${main.encoding}${main.frameRate ? ' ' + main.frameRate + ' fps' : ''}` });
    state.refresh();
  } catch (err) {
    outcomes.set(device.endpoint, { error: true, text: explain(err) });
  }
  render($('discover-status').textContent);
}

async function addAll(devices) {
  adding = true;
  try {
    for (const d of devices) await add(d);
  } finally {
    adding = false;
    render($('discover-status').textContent);
  }
}

$('discover-list').addEventListener('click', e => {
  const b = e.target.closest('[data-add]');
  const device = b && found.find(d => d.endpoint === b.dataset.add);
  if (device && !adding) addAll([device]);
});
$('discover-add-all').addEventListener('click', () => {
  if (!adding) addAll(found.filter(d => !d.added && !(outcomes.get(d.endpoint) || {}).added));
});
$('discover-probe').addEventListener('click', probe);
