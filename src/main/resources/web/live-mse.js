// Low-latency live view: fragmented MP4 over a WebSocket (GET .../live.fmp4), a fragment per
// frame, played through Media Source Extensions. Any server serves it (one that does not record
// the camera relays it). When the socket closes (the recording server died, the camera moved)
// the player connects again, to the server the page talks to now, and carries on in the same
// SourceBuffer: no reload. It keeps within DRIFT_CAP_S of the newest frame it has, and measures
// for every frame it shows how old the picture is (wall clock minus the server's receive time,
// carried in each fragment's prft box).
import { mediaToken, serverOrigin } from './api.js';

const DRIFT_CAP_S = 1.0;       // further behind the newest frame than this: jump to it
const JUMP_TO_S = 0.1;         // ... and show from this far behind it
const KEEP_S = 10;             // buffered media kept behind the playhead
const RETRY_MS = 500;
const GIVE_UP_CONNECTS = 4;    // sockets in a row that brought no video: MSE is no use here
const NTP_UNIX_OFFSET_S = 2208988800;
const SAMPLES = 6000;          // latency samples kept (four minutes at 25 fps)

/** Whether this browser can play the live stream through MSE at all. */
export function mseSupported() {
  return !!(window.MediaSource && window.WebSocket
    && MediaSource.isTypeSupported('video/mp4; codecs="avc1.42E01E"'));
}

/** Figures for tests and the latency benchmark: what the live player did and measured. */
export const liveStats = window.argusLive = { mode: null, serverId: null, samples: [], jumps: 0, connects: 0, frames: 0 };

export class MseLive {
  /**
   * @param video the <video> element
   * @param cameraId the camera
   * @param on {status(text), fallback(reason)}: what the page shows; fallback means "use HLS"
   */
  constructor(video, cameraId, on) {
    this.video = video;
    this.cameraId = cameraId;
    this.on = on;
    this.stopped = false;
    this.queue = [];          // ArrayBuffers waiting for the SourceBuffer
    this.frames = [];         // {start, receivedMs} of appended frames, oldest first
    this.sb = null;
    this.mime = null;
    this.ws = null;
    this.fruitless = 0;       // sockets in a row without a frame
    this.lastTrim = 0;
    liveStats.mode = 'mse';
    liveStats.samples = [];
    liveStats.jumps = 0;
    liveStats.connects = 0;
    liveStats.frames = 0;
    this.ms = new MediaSource();
    this.url = URL.createObjectURL(this.ms);
    this.ms.addEventListener('sourceopen', () => this.connect(), { once: true });
    video.src = this.url;
    this.timer = setInterval(() => this.keepLive(), 250);
    this.watchFrames();
  }

  stop() {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.retry);
    if (this.ws) this.ws.close();
    URL.revokeObjectURL(this.url);
  }

  async connect() {
    if (this.stopped) return;
    let token;
    try {
      token = await mediaToken(this.cameraId);
    } catch (e) {
      return this.again('no media token: ' + e.message);
    }
    if (this.stopped) return;
    const origin = serverOrigin().replace(/^http/, 'ws');
    const ws = new WebSocket(`${origin}/api/v1/cameras/${encodeURIComponent(this.cameraId)}/live.fmp4?token=${encodeURIComponent(token)}`);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    this.gotFrame = false;
    liveStats.connects++;
    ws.onmessage = e => this.message(e.data);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.fruitless = this.gotFrame ? 0 : this.fruitless + 1;
      if (this.gotFrame) this.on.status('Live stream interrupted; connecting again…');
      if (this.fruitless >= GIVE_UP_CONNECTS && !this.sb) {
        this.stopped = true;
        this.on.fallback('no live video over WebSocket');
        return;
      }
      this.again('reconnecting');
    };
  }

  again(why) {
    if (this.stopped) return;
    if (!this.sb) this.on.status('Waiting for live video (' + why + ')…');
    this.retry = setTimeout(() => this.connect(), RETRY_MS);
  }

  message(data) {
    if (typeof data === 'string') {
      let m;
      try { m = JSON.parse(data); } catch (ignored) { return; }
      if (m.type === 'init') this.init(m);
      else if (m.type === 'unsupported') { this.stop(); this.on.fallback(m.reason || 'codec'); }
      return;
    }
    const bytes = new Uint8Array(data);
    if (isType(bytes, 'prft')) {       // a frame: note its receive time, append the rest
      const size = readU32(bytes, 0);
      const ntpS = readU32(bytes, 16), ntpF = readU32(bytes, 20);
      this.pending = (ntpS - NTP_UNIX_OFFSET_S) * 1000 + ntpF / 4294967.296;
      this.gotFrame = true;
      liveStats.frames++;
      this.queue.push({ bytes: bytes.subarray(size), receivedMs: this.pending });
    } else {
      this.queue.push({ bytes, receivedMs: null }); // an initialization segment
    }
    this.pump();
  }

  init(m) {
    liveStats.serverId = m.serverId;
    const mime = `video/mp4; codecs="${m.codec}"`;
    if (!MediaSource.isTypeSupported(mime)) { this.stop(); this.on.fallback(m.codec + ' not playable here'); return; }
    if (!this.sb) {
      this.sb = this.ms.addSourceBuffer(mime);
      this.sb.mode = 'sequence';    // a new server's timestamps follow on from the last frame
      this.sb.addEventListener('updateend', () => this.appended());
    } else if (mime !== this.mime && this.sb.changeType) {
      this.queue.push({ changeType: mime });
    }
    this.mime = mime;
  }

  pump() {
    if (!this.sb || this.sb.updating || !this.queue.length) return;
    const next = this.queue.shift();
    if (next.changeType) { this.sb.changeType(next.changeType); return this.pump(); }
    this.appending = next;
    this.startOfAppend = this.bufferedEnd();
    try {
      this.sb.appendBuffer(next.bytes);
    } catch (e) {              // QuotaExceeded and the like: drop what is behind us and go on
      this.appending = null;
      this.trim(true);
    }
  }

  appended() {
    const a = this.appending;
    this.appending = null;
    if (a && a.receivedMs != null) {
      this.frames.push({ start: this.startOfAppend, receivedMs: a.receivedMs });
      if (this.frames.length > 500) this.frames.splice(0, this.frames.length - 500);
    }
    if (this.video.paused) this.video.play().catch(() => { /* autoplay refused: the user presses play */ });
    this.trim(false);
    this.pump();
  }

  bufferedEnd() {
    const b = this.sb && this.sb.buffered;
    return b && b.length ? b.end(b.length - 1) : 0;
  }

  /** Drops media far behind the playhead now and then, so the SourceBuffer never fills. */
  trim(now) {
    const t = this.video.currentTime;
    if (!this.sb || this.sb.updating || (!now && Date.now() - this.lastTrim < 5000)) return;
    this.lastTrim = Date.now();
    const b = this.sb.buffered;
    if (b.length && t - b.start(0) > KEEP_S) this.sb.remove(0, t - KEEP_S / 2);
  }

  /** The drift cap: never more than DRIFT_CAP_S behind the newest frame. */
  keepLive() {
    const end = this.bufferedEnd();
    if (!end) return;
    if (end - this.video.currentTime > DRIFT_CAP_S) {
      this.video.currentTime = end - JUMP_TO_S;
      liveStats.jumps++;
    }
  }

  /** For every frame shown: how old it is (wall clock at presentation - receive time at the server). */
  watchFrames() {
    const v = this.video;
    if (!v.requestVideoFrameCallback) return;
    const onFrame = (now, meta) => {
      if (this.stopped) return;
      const f = this.frameAt(meta.mediaTime);
      if (f) {
        const shownAt = performance.timeOrigin + (meta.expectedDisplayTime || meta.presentationTime || now);
        liveStats.samples.push(Math.round(shownAt - f.receivedMs));
        if (liveStats.samples.length > SAMPLES) liveStats.samples.splice(0, liveStats.samples.length - SAMPLES);
      }
      v.requestVideoFrameCallback(onFrame);
    };
    v.requestVideoFrameCallback(onFrame);
  }

  frameAt(mediaTime) {
    let found = null;
    for (let i = this.frames.length - 1; i >= 0; i--) {
      if (this.frames[i].start <= mediaTime + 0.002) { found = this.frames[i]; break; }
    }
    return found;
  }
}

function readU32(b, at) {
  return ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3];
}

function isType(b, type) {
  return b.length >= 8 && String.fromCharCode(b[4], b[5], b[6], b[7]) === type;
}
