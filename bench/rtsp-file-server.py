#!/usr/bin/python3
"""Cheap RTSP test cameras for load benchmarks: one pre-encoded H.264 file served on N paths.

Serves rtsp://HOST:PORT/s0 .. /s<N-1>. Every path has an UNSHARED media factory, so each client
gets its own small pipeline (multifilesrc ! tsdemux ! h264parse ! rtph264pay), paced in real time
by the server's sinks; nothing is encoded at serving time. The file loops forever: multifilesrc
reads it again at its end, and tsdemux turns the backward jump of the MPEG-TS clock into a new
PCR group so timestamps keep increasing (checked by bench/check-loop.sh, not assumed).

Run with Debian's python (needs python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-good
gstreamer1.0-plugins-bad):
  /usr/bin/python3 bench/rtsp-file-server.py --file bench/cache/test.ts --streams 100 --port 8554

Every --stats seconds it prints one line: connected sessions and its own CPU use, so a benchmark
can wait until every stream is being pulled and see what the camera side costs.
"""
import argparse
import os
import signal
import sys
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstBase", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstBase, GstRtsp, GstRtspServer  # noqa: E402


def cpu_seconds():
    t = os.times()
    return t.user + t.system


def not_seekable(_pad, info):
    query = info.get_query()
    if query.type == Gst.QueryType.SEEKING:
        return Gst.PadProbeReturn.HANDLED  # answered with the query's defaults: not seekable
    return Gst.PadProbeReturn.OK


def make_live(_factory, media):
    # tsdemux says a looping file is seekable, and the server then answers a client's PLAY with
    # "Range: npt=0-" by seeking, which fails (503). So: a live source (no preroll, like a
    # camera) that answers "not seekable"; the server then ignores the range.
    bin_ = media.get_element()
    GstBase.BaseSrc.set_live(bin_.get_by_name("src"), True)
    bin_.get_by_name("parse").get_static_pad("src").add_probe(Gst.PadProbeType.QUERY_UPSTREAM, not_seekable)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--file", required=True, help="MPEG-TS file with one H.264 stream")
    ap.add_argument("--streams", type=int, default=1, help="number of paths /s0../sN-1")
    ap.add_argument("--port", type=int, default=8554)
    ap.add_argument("--address", default="127.0.0.1")
    ap.add_argument("--stats", type=float, default=10.0, help="seconds between stats lines (0: none)")
    args = ap.parse_args()

    path = os.path.abspath(args.file)
    if not os.path.isfile(path):
        sys.exit(f"no such file: {path}")
    # multifilesrc takes a printf-style pattern; a literal path must not contain '%'.
    if "%" in path:
        sys.exit("the file path must not contain '%'")

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address(args.address)
    server.set_service(str(args.port))
    launch = (
        f'( multifilesrc name=src location="{path}" loop=true ! tsdemux ! h264parse name=parse config-interval=-1 '
        f"! rtph264pay name=pay0 pt=96 config-interval=-1 )"
    )
    mounts = server.get_mount_points()
    for i in range(args.streams):
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(launch)
        factory.set_shared(False)
        # TCP interleaved only: what Argus and the ffmpeg baseline both ask for.
        factory.set_protocols(GstRtsp.RTSPLowerTrans.TCP)
        factory.connect("media-configure", make_live)
        mounts.add_factory(f"/s{i}", factory)
    if server.attach(None) == 0:
        sys.exit(f"cannot listen on {args.address}:{args.port}")

    loop = GLib.MainLoop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, lambda *_: (loop.quit(), False)[1])

    state = {"t": time.monotonic(), "cpu": cpu_seconds()}

    def stats():
        now, cpu = time.monotonic(), cpu_seconds()
        pct = 100.0 * (cpu - state["cpu"]) / max(now - state["t"], 1e-6)
        state.update(t=now, cpu=cpu)
        n = server.get_session_pool().get_n_sessions()
        print(f"stats sessions={n} cpu_pct={pct:.1f}", flush=True)
        return True

    if args.stats > 0:
        GLib.timeout_add(int(args.stats * 1000), stats)
    print(f"serving {args.streams} streams of {path} on rtsp://{args.address}:{args.port}/s0..", flush=True)
    loop.run()


if __name__ == "__main__":
    main()
