"""Standby cost benchmark (issue 13): CPU and memory of a standby next to a recording.

Two real servers. Every camera is High, homed on server 1 (which records it); server 2 holds
every camera's standby (stream open, last seconds in memory, nothing written). The cameras are
bench/rtsp-file-server.py streams of the pre-encoded 2 Mbit/s H.264 file of
bench/recording-capacity.sh. For each N: the servers' CPU (utime+stime of the JVM, /proc) over a
window with no camera (baseline), then with N cameras recording on 1 and warm on 2; the figure per
camera is (CPU with N - CPU without) / N, and the same for RSS. Server 2's /metrics gives the bytes
its standby buffers hold. The cameras are removed between rounds.
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from argus_cluster import Cluster, ROOT, log, machine, wait_until  # noqa: E402

HZ = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / HZ


def rss_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def window(pids, seconds):
    before = [cpu_seconds(p) for p in pids]
    t0 = time.time()
    time.sleep(seconds)
    elapsed = time.time() - t0
    return [100.0 * (cpu_seconds(p) - b) / elapsed for p, b in zip(pids, before)], [rss_mib(p) for p in pids]


def metric(text, name):
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--counts", default="10 50", help="camera counts, in order")
    ap.add_argument("--window", type=float, default=60.0, help="seconds measured per state")
    ap.add_argument("--base-port", type=int, default=29001)
    ap.add_argument("--stream", required=True, help="the MPEG-TS file the cameras serve")
    args = ap.parse_args()
    counts = [int(c) for c in args.counts.split()]
    workdir = os.path.join(ROOT, "target", "bench", "standby-cost-%d" % int(time.time()))
    cluster = Cluster(2, args.base_port, workdir, ["--max-cameras", "200"])
    log("machine: %s; workdir %s" % (machine(), workdir))
    cluster.build()
    cluster.start_all()
    rec, sb = cluster.servers
    pids = [rec.proc.pid, sb.proc.pid]
    rtsp_port = args.base_port - 1000
    files = subprocess.Popen(["/usr/bin/python3", os.path.join(ROOT, "bench", "rtsp-file-server.py"), "--file",
                              args.stream, "--streams", str(max(counts)), "--port", str(rtsp_port), "--stats", "0"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = []
    try:
        time.sleep(20)  # both JVMs past their start
        base_cpu, base_rss = window(pids, args.window)
        log("baseline: cpu %% %.1f / %.1f, rss MiB %.0f / %.0f" % (*base_cpu, *base_rss))
        for n in counts:
            ids = []
            for i in range(n):
                cam = cluster.post(rec, "/api/v1/cameras", {"name": "sc%d" % i, "failoverPriority": "high",
                                                            "url": "rtsp://127.0.0.1:%d/s%d" % (rtsp_port, i),
                                                            "homeServerId": rec.id})
                ids.append(cam["id"])

            def ready():
                cams = [c for c in cluster.cameras() if c["id"] in ids]
                return len(cams) == n and all(
                    c["status"]["state"] == "recording" and c["status"]["serverId"] == rec.id
                    and c["status"].get("standby", {}).get("warm") and c["status"]["standby"]["serverId"] == sb.id
                    for c in cams)

            ok, _ = wait_until(ready, 120 + 3 * n)
            if not ok:
                raise RuntimeError("N=%d: not every camera recorded on server 1 with a warm standby on 2" % n)
            time.sleep(25)  # buffers filled to their length
            cpu, rss = window(pids, args.window)
            import urllib.request
            req = urllib.request.Request(sb.url + "/metrics", headers={"Authorization": "Bearer " + cluster.token})
            buffered = metric(urllib.request.urlopen(req, timeout=10).read().decode(), "argus_standby_buffer_bytes")
            per = [(c - b) / n for c, b in zip(cpu, base_cpu)]
            per_rss = [(r - b) / n for r, b in zip(rss, base_rss)]
            rows.append((n, cpu, per, rss, per_rss, buffered / n / 1e6))
            log("N=%d: cpu %% %.1f / %.1f (per camera %.3f / %.3f, standby/recording %.2f); rss MiB %.0f / %.0f; "
                "buffer per standby %.1f MB" % (n, cpu[0], cpu[1], per[0], per[1], per[1] / per[0], rss[0], rss[1],
                                                 buffered / n / 1e6))
            for cid in ids:
                cluster.delete(rec, "/api/v1/cameras/" + cid) if hasattr(cluster, "delete") else _delete(cluster, rec, cid)
            time.sleep(15)
    finally:
        files.terminate()
        cluster.stop_all()
    print()
    print("| N | recording server CPU % | standby server CPU % | CPU % per recording | CPU % per standby | "
          "standby / recording | RSS MiB rec / standby | RSS MiB per recording / per standby | "
          "standby buffer MB each |")
    print("|---|---|---|---|---|---|---|---|---|")
    print("| 0 | %.1f | %.1f | - | - | - | %.0f / %.0f | - | - |" % (*base_cpu, *base_rss))
    for n, cpu, per, rss, per_rss, buf in rows:
        print("| %d | %.1f | %.1f | %.3f | %.3f | %.2f | %.0f / %.0f | %.1f / %.1f | %.1f |"
              % (n, cpu[0], cpu[1], per[0], per[1], per[1] / per[0], rss[0], rss[1], per_rss[0], per_rss[1], buf))


def _delete(cluster, server, cid):
    import urllib.request
    req = urllib.request.Request(server.url + "/api/v1/cameras/" + cid, method="DELETE",
                                 headers={"Authorization": "Bearer " + cluster.token})
    urllib.request.urlopen(req, timeout=10).read()


if __name__ == "__main__":
    main()
