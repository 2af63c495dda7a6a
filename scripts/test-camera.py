#!/usr/bin/python3
"""A real RTSP camera for tests and demos, served by GStreamer's RTSP server.

Paths:
  /cam0 .. /cam<N-1>   live H.264 (videotestsrc ! x264enc), keyframe every second
  /secure              the same stream behind basic auth (--user / --password)
  /single              the same stream, to one client at a time: a second SETUP while another
                       client holds it is answered 453 Not Enough Bandwidth, as cameras that
                       allow a single RTSP session do
  /h265                live H.265, only if x265enc and rtph265pay exist

Prints "READY" on stdout once it serves. Run with Debian's /usr/bin/python3; needs the packages
python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly gstreamer1.0-x
(timeoverlay)
(and gstreamer1.0-plugins-bad for /h265).
"""
import argparse
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
gi.require_version("GstRtsp", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

# Small and slow on purpose: the test machine's cores are shared.
CAPS = "video/x-raw,width={w},height={h},framerate={fps}/1"


def h264_launch(width, height, fps, pattern, bitrate=300):
    return (
        f"( videotestsrc is-live=true pattern={pattern} ! {CAPS.format(w=width, h=height, fps=fps)} "
        f"! timeoverlay ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={fps} "
        f"bitrate={bitrate} ! rtph264pay name=pay0 pt=96 config-interval=1 )"
    )


def h265_launch(width, height, fps):
    return (
        f"( videotestsrc is-live=true ! {CAPS.format(w=width, h=height, fps=fps)} "
        f"! x265enc tune=zerolatency speed-preset=ultrafast key-int-max={fps} bitrate=300 "
        f"! rtph265pay name=pay0 pt=96 config-interval=1 )"
    )


class PathAuth(GstRtspServer.RTSPAuth):
    """Basic auth on one path prefix only; every other path is open to anyone."""

    def __init__(self, prefix):
        super().__init__()
        self.prefix = prefix

    def do_check(self, ctx, check):
        uri = ctx.uri
        if uri is None or not uri.abspath.startswith(self.prefix):
            return True
        return GstRtspServer.RTSPAuth.do_check(self, ctx, check)


class SingleSession:
    """One client at a time on a path prefix: the client that set it up holds it until it closes."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.holder = None

    def attach(self, server):
        server.connect("client-connected", self.on_client)

    def on_client(self, _server, client):
        client.connect("pre-setup-request", self.on_setup)
        client.connect("closed", self.on_closed)

    def on_setup(self, client, ctx):
        uri = ctx.uri
        if uri is None or not uri.abspath.startswith(self.prefix):
            return GstRtsp.RTSPStatusCode.OK
        if self.holder is None or self.holder == client:
            self.holder = client
            return GstRtsp.RTSPStatusCode.OK
        print(f"refused a second session on {self.prefix}", file=sys.stderr, flush=True)
        return GstRtsp.RTSPStatusCode.NOT_ENOUGH_BANDWIDTH

    def on_closed(self, client):
        if self.holder == client:
            self.holder = None


def factory(launch):
    f = GstRtspServer.RTSPMediaFactory()
    f.set_launch(launch)
    # Shared: every client of a path sees one encoder, so extra clients cost no CPU.
    f.set_shared(True)
    return f


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--address", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=int, default=8554, help="RTSP TCP port")
    p.add_argument("--streams", type=int, default=1, help="number of /camN paths")
    p.add_argument("--width", type=int, default=320)
    p.add_argument("--height", type=int, default=180)
    p.add_argument("--fps", type=int, default=25)
    p.add_argument("--pattern", default="ball", help="videotestsrc pattern of /camN (snow: incompressible)")
    p.add_argument("--bitrate", type=int, default=300, help="H.264 bitrate of /camN (kbit/s)")
    p.add_argument("--user", default="admin", help="user name of /secure")
    p.add_argument("--password", default="secret", help="password of /secure")
    args = p.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address(args.address)
    server.set_service(str(args.port))
    mounts = server.get_mount_points()

    cams = [factory(h264_launch(args.width, args.height, args.fps, args.pattern, args.bitrate)) for _ in range(args.streams)]
    for i, cam in enumerate(cams):
        mounts.add_factory(f"/cam{i}", cam)

    # /secure: only a client with the right basic-auth credentials may see or play it. Other
    # paths stay open (GStreamer's default token would stop it from ever asking for credentials).
    auth = PathAuth("/secure")
    token = GstRtspServer.RTSPToken()
    token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "user")
    auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password), token)
    server.set_auth(auth)
    secure = factory(h264_launch(args.width, args.height, args.fps, "smpte"))
    perms = GstRtspServer.RTSPPermissions()
    perms.add_role_from_structure(
        Gst.Structure.new_from_string("user,media.factory.access=(boolean)true,media.factory.construct=(boolean)true"))
    secure.set_permissions(perms)
    mounts.add_factory("/secure", secure)

    SingleSession("/single").attach(server)
    mounts.add_factory("/single", factory(h264_launch(args.width, args.height, args.fps, "ball")))

    if Gst.ElementFactory.find("x265enc") and Gst.ElementFactory.find("rtph265pay"):
        h265 = factory(h265_launch(args.width, args.height, args.fps))
        mounts.add_factory("/h265", h265)

    if server.attach(None) == 0:
        print(f"cannot listen on {args.address}:{args.port}", file=sys.stderr, flush=True)
        sys.exit(2)
    print("READY", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
