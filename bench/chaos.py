"""Chaos benchmark (issue 11). Run through bench/chaos.sh; --help for the flags.

Starts N servers (real processes) and homes C real RTSP cameras on each (bench/rtsp-file-server.py,
High priority), then injects a bounded number of random faults, one at a time, each on a random
server: kill -9, SIGTERM, SIGSTOP for 20 s then SIGCONT, its archive turned read-only for 15 s
(a bind mount), a partition (the server's link to the other servers down for 20 s; it still
sees its cameras), a pulled cable (its links to the servers and to the cameras down for 20 s),
and a lone reboot (every server killed, one restarted alone for 20 s, then the others). After
each fault it restores the server and waits until the System is one again with every camera
recording at home (bounded), timing that. A poller asks for the cameras' status every second
all along.

As root (--netns, the default then) every server runs in a network namespace of its own on a
bridge, and the RTSP test cameras on a cameras' network of their own (bench/netns.py), so the
partition is a real one. Without root the servers share the host's loopback and the read-only,
partition and cable faults are left out.

The report, from the System's own archive (every server's periods) and the poller:
per camera the longest hole and the seconds lost, seconds recorded twice (by two servers at once),
the longest time it was not recording; the catalog's consistency on every server (every entry of
its chunk list has its file, every chunk file its entry); whether the System ended as one cluster
with every camera at home.
"""
import argparse
import atexit
import glob
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from argus_cluster import ROOT, Cluster, collect_periods, load1, log, machine, now_ms, stats, wait_until  # noqa: E402
from netns import Network  # noqa: E402

FAULTS = ["kill9", "term", "stop", "readonly", "partition", "cable", "lone"]
NEEDS_ROOT = {"readonly", "partition", "cable"}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--servers", type=int, default=3)
    ap.add_argument("--cameras-per-server", type=int, default=2)
    ap.add_argument("--faults", type=int, default=20)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--kinds", default=",".join(FAULTS), help="the faults to draw from, comma-separated")
    ap.add_argument("--stream-file", help="MPEG-TS file the RTSP test cameras play (bench/rtsp-file-server.py)")
    ap.add_argument("--rtsp", help="base URL of RTSP cameras already running, instead of --stream-file")
    ap.add_argument("--netns", action=argparse.BooleanOptionalAction, default=os.geteuid() == 0,
                    help="servers in network namespaces of their own (needs root; the default as root)")
    ap.add_argument("--base-port", type=int, default=28001)
    ap.add_argument("--chunk-duration", default="2s")
    ap.add_argument("--settle", type=float, default=6.0, help="seconds of recording between faults")
    ap.add_argument("--recover-timeout", type=float, default=120.0)
    ap.add_argument("--workdir", default=None)
    args = ap.parse_args()
    if not args.rtsp and not args.stream_file:
        ap.error("--stream-file or --rtsp is needed")

    rng = random.Random(args.seed)
    started = now_ms()
    workdir = args.workdir or os.path.join(ROOT, "target", "bench", "chaos-%d" % started)
    os.makedirs(workdir, exist_ok=True)
    network = Network(args.servers).create() if args.netns else None
    if not args.rtsp:
        args.rtsp = start_cameras(args.stream_file, args.servers * args.cameras_per_server, network, workdir)
    cluster = Cluster(args.servers, args.base_port, workdir, ["--chunk-duration", args.chunk_duration], network)
    log("machine: %s; load %.2f; workdir %s; %s" % (machine(), load1(), workdir,
        "servers in network namespaces" if network else "servers on the host's loopback"))
    cluster.build()
    cluster.start_all()
    home_of = {}
    for s in cluster.servers:
        for j in range(args.cameras_per_server):
            path = "s%d" % ((s.index - 1) * args.cameras_per_server + j)
            cam = cluster.post(s, "/api/v1/cameras", {"name": "s%dc%d" % (s.index, j), "url": args.rtsp + "/" + path,
                                                      "homeServerId": s.id, "failoverPriority": "high"})
            home_of[cam["id"]] = s.id
    if not wait_until(lambda: all_home(cluster, home_of), 120)[0]:
        raise RuntimeError("cameras did not all record at home within 120 s")
    log("%d RTSP cameras recording at home" % len(home_of))
    first_ms = now_ms()

    poller = StatusPoller(cluster, home_of)
    poller.start()
    kinds = [k for k in args.kinds.split(",") if network is not None or k not in NEEDS_ROOT]
    done = []
    for n in range(args.faults):
        time.sleep(args.settle)
        kind = kinds[n % len(kinds)] if n < len(kinds) else rng.choice(kinds)
        victim = rng.choice(cluster.servers)
        t0 = now_ms()
        inject(kind, victim, cluster, network)
        recovered, t_ok = wait_until(lambda: one_system(cluster) and all_home(cluster, home_of), args.recover_timeout, 1.0)
        took = (t_ok - t0) / 1000 if recovered else None
        done.append({"kind": kind, "victim": victim.name, "t": t0, "recovered_s": took})
        log("fault %d/%d: %s on %s; System one and every camera home again after %s s; load %.2f" % (
            n + 1, args.faults, kind, victim.name, "-" if took is None else "%.1f" % took, load1()))
        if not recovered:
            log("not recovered within %.0f s: restarting every server that does not answer" % args.recover_timeout)
            for s in cluster.servers:
                if not s.healthy():
                    restart(s)
            wait_until(lambda: one_system(cluster) and all_home(cluster, home_of), args.recover_timeout, 1.0)

    time.sleep(args.settle + 4)  # the newest chunks are sealed
    last_ms = now_ms() - 4000
    poller.stop()
    periods = collect_periods(cluster, home_of, first_ms - 60_000)
    catalog = catalog_check(cluster, home_of, first_ms - 60_000)
    ended_one = one_system(cluster) and all_home(cluster, home_of)
    cluster.stop_all()
    result = {"faults": done, "periods": periods, "catalog": catalog, "ended_one": ended_one,
              "not_recording_ms": poller.longest}
    with open(os.path.join(workdir, "result.json"), "w") as f:
        json.dump(result, f)
    report(result, home_of, first_ms, last_ms, args)


def start_cameras(stream_file, streams, network, workdir):
    """The RTSP test cameras /s0../sN-1: on the bridge when the servers are in namespaces."""
    address = "127.0.0.1" if network is None else network.cameras_ip
    port = 18554 + random.randrange(1000)
    cmd = ["/usr/bin/python3", os.path.join(ROOT, "bench", "rtsp-file-server.py"), "--file", stream_file,
           "--streams", str(streams), "--port", str(port), "--address", address, "--stats", "0"]
    if network is not None:
        cmd = network.exec_in_bridge() + cmd
    out = open(os.path.join(workdir, "rtsp-cameras.log"), "w")
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    atexit.register(lambda: proc.poll() is None and proc.kill())
    time.sleep(2)
    if proc.poll() is not None:
        raise RuntimeError("the RTSP test cameras did not start; see %s" % out.name)
    return "rtsp://%s:%d" % (address, port)


def inject(kind, victim, cluster, network):
    if kind == "kill9":
        victim.kill(signal.SIGKILL)
        victim.wait_exit(30)
        time.sleep(10)
        victim.start()
    elif kind == "term":
        victim.kill(signal.SIGTERM)
        victim.wait_exit(60)
        time.sleep(10)
        victim.start()
    elif kind == "stop":
        os.kill(victim.proc.pid, signal.SIGSTOP)
        time.sleep(20)
        os.kill(victim.proc.pid, signal.SIGCONT)
    elif kind == "readonly":
        archive = os.path.join(victim.data, "archive")
        # ip netns exec gives the server a mount namespace of its own: mount in the server's.
        mnt = [] if network is None else ["nsenter", "-t", str(victim.proc.pid), "-m"]
        subprocess.run(mnt + ["mount", "--bind", archive, archive], check=True)
        try:
            subprocess.run(mnt + ["mount", "-o", "remount,ro,bind", archive], check=True)
            time.sleep(15)
        finally:
            subprocess.run(mnt + ["umount", archive], check=True)
    elif kind in ("partition", "cable"):
        network.cut(victim.index, cameras_too=kind == "cable")
        try:
            time.sleep(20)  # both sides record: the majority takes the victim's cameras
        finally:
            network.heal(victim.index)
    elif kind == "lone":
        for s in cluster.servers:
            s.kill(signal.SIGKILL)
        for s in cluster.servers:
            s.wait_exit(30)
        victim.start()
        time.sleep(20)  # alone: it must record its own cameras and take the others'
        for s in cluster.servers:
            if s is not victim:
                s.start()


def restart(s):
    if s.alive():
        try:
            os.kill(s.proc.pid, signal.SIGCONT)
        except ProcessLookupError:
            pass
        s.kill(signal.SIGKILL)
        s.wait_exit(30)
    s.start()


def one_system(cluster):
    """Every server answers and sees every server online."""
    for s in cluster.servers:
        try:
            views = cluster.get(s, "/api/v1/servers", timeout=3)
        except Exception:
            return False
        if len(views) != len(cluster.servers) or any(v.get("status") != "online" for v in views):
            return False
    return True


def all_home(cluster, home_of):
    cams = {c["id"]: c for c in cluster.cameras()}
    return all(c in cams and cams[c]["status"]["state"] == "recording" and cams[c]["status"]["serverId"] == h
               for c, h in home_of.items())


class StatusPoller(threading.Thread):
    """Every second: which cameras are not recording; keeps each camera's longest such streak (ms)."""

    def __init__(self, cluster, home_of):
        super().__init__(daemon=True)
        self.cluster, self.home_of = cluster, home_of
        self.longest = {c: 0 for c in home_of}
        self.since = {}
        self.running = True

    def run(self):
        while self.running:
            cams = {c["id"]: c for c in self.cluster.cameras()}
            t = now_ms()
            if cams:  # no server answered: no knowledge, not a verdict
                for c in self.home_of:
                    ok = c in cams and cams[c]["status"]["state"] == "recording"
                    if ok:
                        self.since.pop(c, None)
                    else:
                        self.since.setdefault(c, t)
                        self.longest[c] = max(self.longest[c], t - self.since[c])
            time.sleep(1)

    def stop(self):
        self.running = False
        self.join(5)


def catalog_check(cluster, home_of, from_ms):
    """Per server: catalog entries without a file and chunk files without an entry."""
    to_ms = now_ms() + 60_000
    out = {}
    for s in cluster.servers:
        missing, orphans = [], []
        for cam in home_of:
            entries = cluster.get(s, "/api/v1/internal/cameras/%s/chunks?from=%d&to=%d" % (cam, from_ms, to_ms))
            listed = {str(e["startMs"]) for e in entries}
            files = {os.path.basename(f)[:-3] for f in glob.glob(os.path.join(s.data, "archive", cam, "*", "*.ts"))}
            missing += [cam + "/" + x for x in listed - files]
            orphans += [cam + "/" + x for x in files - listed if int(x) >= from_ms]
        out[s.name] = {"entries_without_file": missing, "files_without_entry": orphans}
    return out


def coverage(periods, first_ms, last_ms):
    """(longest hole ms, total hole ms, ms recorded by two servers at once) within [first, last]."""
    spans = sorted((max(a, first_ms), min(b, last_ms), srv) for a, b, srv in periods if b > first_ms and a < last_ms)
    covered, longest, lost, twice = first_ms, 0, 0, 0
    for a, b, _ in spans:
        if a > covered:
            longest = max(longest, a - covered)
            lost += a - covered
        covered = max(covered, b)
    if covered < last_ms:
        longest = max(longest, last_ms - covered)
        lost += last_ms - covered
    for i, (a, b, srv) in enumerate(spans):
        for a2, b2, srv2 in spans[i + 1:]:
            if a2 >= b:
                break
            if srv2 != srv:
                twice += min(b, b2) - a2
    return longest, lost, twice


def report(result, home_of, first_ms, last_ms, args):
    print()
    print("chaos: %d servers, %d RTSP cameras, %d faults (seed %d) over %.0f s" % (
        args.servers, len(home_of), len(result["faults"]), args.seed, (last_ms - first_ms) / 1000))
    kinds = {}
    for f in result["faults"]:
        kinds.setdefault(f["kind"], []).append(f["recovered_s"])
    for k, v in kinds.items():
        ok = [x for x in v if x is not None]
        print("  %-9s x%d: one System with every camera home again after (s): %s%s" % (
            k, len(v), stats(ok), "" if len(ok) == len(v) else "; NOT RECOVERED %d" % (len(v) - len(ok))))
    holes, losts, twices = [], [], []
    print("per camera: longest hole s / seconds lost / seconds recorded twice / longest not recording s")
    for cam in home_of:
        longest, lost, twice = coverage(result["periods"][cam], first_ms, last_ms)
        holes.append(longest / 1000)
        losts.append(lost / 1000)
        twices.append(twice / 1000)
        print("  %s  %.1f / %.1f / %.1f / %.1f" % (cam[:8], longest / 1000, lost / 1000, twice / 1000,
                                                   result["not_recording_ms"][cam] / 1000))
    print("longest hole (s): %s" % stats(holes))
    print("seconds lost per camera: %s (%.1f s lost of %.0f s x %d cameras)" % (
        stats(losts), sum(losts), (last_ms - first_ms) / 1000, len(home_of)))
    print("seconds recorded twice per camera: %s" % stats(twices))
    bad = {s: c for s, c in result["catalog"].items() if c["entries_without_file"] or c["files_without_entry"]}
    print("catalog: %s" % ("every entry has its file and every file its entry on every server" if not bad
                           else "INCONSISTENT " + json.dumps(bad)[:2000]))
    print("ended as one System with every camera at home: %s" % result["ended_one"])


if __name__ == "__main__":
    main()
