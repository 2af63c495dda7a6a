"""Failover at scale (issue 3): N servers with many cheap demo:// cameras each; kill -9 one server
and poll GET /api/v1/cameras until every camera it had records on another server; restart it and
wait until they are all back home. Run through bench/failover-scale.sh; --help for the flags.
Round 1 kills the last server (not the oldest, so not the shard coordinator's host); round 2 kills
server 1, the oldest member, which hosts the coordinator singleton.
"""
import argparse
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from argus_cluster import ROOT, Cluster, load1, log, machine, now_ms, wait_until  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--servers", type=int, default=3)
    ap.add_argument("--cameras-per-server", type=int, default=100)
    ap.add_argument("--base-port", type=int, default=27101)
    ap.add_argument("--demo", default="width=64&height=36&fps=2&bitrate=10000")
    ap.add_argument("--victims", default="last,first", help="comma list of last|first|<index>")
    ap.add_argument("--settle", type=float, default=10.0)
    ap.add_argument("--timeout", type=float, default=240.0, help="seconds to wait for each phase")
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--config", default=None)
    args = ap.parse_args()

    started = now_ms()
    workdir = args.workdir or os.path.join(ROOT, "target", "bench", "failover-scale-%d" % started)
    total = args.servers * args.cameras_per_server
    extra = ["--chunk-duration", "10s", "--max-cameras", str(total + 10)]
    if args.config:
        extra += ["--config", os.path.abspath(args.config)]
    cluster = Cluster(args.servers, args.base_port, workdir, extra)
    log("machine: %s; load %.2f; workdir %s" % (machine(), load1(), workdir))
    cluster.build()
    cluster.start_all()
    home_of = {}
    t0 = time.time()
    for s in cluster.servers:
        for j in range(args.cameras_per_server):
            cam = cluster.post(s, "/api/v1/cameras", {
                "name": "s%dc%d" % (s.index, j), "url": "demo://s%dc%d?%s" % (s.index, j, args.demo),
                "homeServerId": s.id, "failoverPriority": "high"})
            home_of[cam["id"]] = s.id
    log("%d cameras added in %.1f s" % (len(home_of), time.time() - t0))

    def at_home_count():
        cams = cluster.cameras()
        return sum(1 for c in cams if c["id"] in home_of and c["status"]["state"] == "recording"
                   and c["status"]["serverId"] == home_of[c["id"]])

    if not wait_until(lambda: at_home_count() == total, args.timeout, 1.0)[0]:
        raise RuntimeError("only %d of %d cameras recording at home" % (at_home_count(), total))
    log("all %d cameras recording at home; load %.2f" % (total, load1()))

    results = []
    for v in args.victims.split(","):
        victim = cluster.servers[-1] if v == "last" else cluster.servers[0] if v == "first" \
            else cluster.servers[int(v) - 1]
        mine = {c for c, h in home_of.items() if h == victim.id}
        time.sleep(args.settle)
        load_before = load1()
        t_kill = victim.kill(signal.SIGKILL)
        victim.wait_exit(30)
        marks = {}
        deadline = time.time() + args.timeout
        while time.time() < deadline:
            cams = cluster.cameras(exclude=victim)
            n = sum(1 for c in cams if c["id"] in mine and c["status"]["state"] == "recording"
                    and c["status"]["serverId"] not in (None, victim.id))
            t = now_ms() - t_kill
            for frac in (0.01, 0.5, 0.9, 1.0):
                if n >= max(1, int(frac * len(mine) + 0.999)) and frac not in marks:
                    marks[frac] = t
            if n == len(mine):
                break
            time.sleep(0.25)
        log("kill -9 %s (%d cameras; load before %.2f): first %s, 50%% %s, 90%% %s, all %s ms after the kill" % (
            victim.name, len(mine), load_before, *(marks.get(f, "-") for f in (0.01, 0.5, 0.9, 1.0))))
        time.sleep(args.settle)
        t_start = now_ms()
        victim.start()
        back, t_back = wait_until(lambda: sum(1 for c in cluster.cameras() if c["id"] in mine
                                              and c["status"]["state"] == "recording"
                                              and c["status"]["serverId"] == victim.id) == len(mine),
                                  args.timeout, 1.0)
        log("restarted %s: all its cameras back home %s ms after the restart" % (
            victim.name, "-" if t_back is None else t_back - t_start))
        results.append((victim.name, len(mine), load_before, marks, t_back and t_back - t_start))
    cluster.stop_all()
    print()
    print("=== Failover at scale: %d servers, %d cameras (demo://?%s) ===" % (args.servers, total, args.demo))
    print("machine: %s" % machine())
    for name, n, ld, marks, back in results:
        print("kill -9 %s holding %d cameras (load %.2f): recording elsewhere: first %s ms, 50%% %s ms, 90%% %s ms,"
              " all %s ms; failback after restart: all home after %s ms" % (
                  name, n, ld, *(marks.get(f, "-") for f in (0.01, 0.5, 0.9, 1.0)), back if back else "-"))
    print("workdir (logs): %s" % workdir)


if __name__ == "__main__":
    main()
