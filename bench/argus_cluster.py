"""A small Argus cluster driver for the failover benchmarks (Python 3 standard library only).

Starts real server processes with scripts/start-node.sh (which execs java, so the pid we hold is
the JVM's), talks to them through the HTTP API only, and kills every process it started when the
benchmark ends, however it ends (atexit + SIGINT/SIGTERM handlers).
"""
import atexit
import datetime
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
_started = {}  # pid -> Popen, every server process this run started


def now_ms():
    return int(time.time() * 1000)


def log(msg):
    print(time.strftime("%H:%M:%S") + " " + msg, flush=True)


def _cleanup(*_):
    for pid, p in list(_started.items()):
        if p.poll() is None:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait(timeout=10)
        _started.pop(pid, None)


def _on_signal(signum, _frame):
    _cleanup()
    sys.exit(128 + signum)


atexit.register(_cleanup)
signal.signal(signal.SIGINT, _on_signal)
signal.signal(signal.SIGTERM, _on_signal)


class Server:
    def __init__(self, index, base_port, workdir, seeds, extra, network=None):
        self.index = index
        self.network = network  # None: on the host's loopback; else in its own namespace (bench/netns.py)
        self.address = "127.0.0.1" if network is None else network.ip(index)
        self.name = "fb-server-%d" % index
        self.http = base_port + 10 * (index - 1)
        self.cluster = self.http + 1
        self.data = os.path.join(workdir, "server-%d" % index)
        self.logfile = os.path.join(workdir, "server-%d.log" % index)
        self.seeds = seeds
        self.extra = extra
        self.proc = None
        self.id = None

    @property
    def url(self):
        return "http://%s:%d" % (self.address, self.http)

    def start(self):
        out = open(self.logfile, "a")
        out.write("=== bench: start at %d\n" % now_ms())
        out.flush()
        cmd = ["bash", "scripts/start-node.sh", "--name", self.name, "--http-port", str(self.http),
               "--cluster-port", str(self.cluster), "--data", self.data, "--seeds", self.seeds,
               "--admin-password", "bench", "--no-demo", "--host", self.address] + self.extra
        if self.network is not None:
            cmd = self.network.exec_in(self.index) + cmd  # ip netns exec execs: the pid stays the JVM's
        first = self.seeds.split(",")[0]
        if first != "%s:%d" % (self.address, self.cluster):
            # Not the System's creator: join it with the admin password (receives the cluster key).
            host, port = first.rsplit(":", 1)
            cmd += ["--join-url", "http://%s:%d" % (host, int(port) - 1)]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        _started[self.proc.pid] = self.proc

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self, sig):
        """Sends sig to the JVM; returns the wall-clock ms it was sent."""
        t = now_ms()
        os.kill(self.proc.pid, sig)
        return t

    def wait_exit(self, timeout_s):
        try:
            self.proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        _started.pop(self.proc.pid, None)

    def healthy(self):
        try:
            return http_json("GET", self.url + "/api/v1/health", timeout=2) is not None
        except Exception:
            return False


def http_json(method, url, body=None, token=None, timeout=10):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        raw = r.read()
        return json.loads(raw) if raw else None


class Cluster:
    def __init__(self, n, base_port, workdir, extra, network=None):
        self.workdir = workdir
        os.makedirs(workdir, exist_ok=True)
        address = (lambda i: "127.0.0.1") if network is None else network.ip
        seeds = ",".join("%s:%d" % (address(i + 1), base_port + 1 + 10 * i) for i in range(n))
        self.servers = [Server(i + 1, base_port, workdir, seeds, extra, network) for i in range(n)]
        self.token = None

    def build(self):
        subprocess.run(["bash", "scripts/start-node.sh", "--build-only"], cwd=ROOT, check=True)

    def start_all(self, timeout_s=180):
        for s in self.servers:
            s.start()
        deadline = time.time() + timeout_s
        while time.time() < deadline and not all(s.healthy() for s in self.servers):
            time.sleep(0.5)
        if not all(s.healthy() for s in self.servers):
            raise RuntimeError("servers did not answer within %d s; see %s" % (timeout_s, self.workdir))
        # The administrator exists once the System database is created and replicated.
        while time.time() < deadline and self.token is None:
            try:
                self.token = http_json("POST", self.servers[0].url + "/api/v1/login",
                                       {"username": "admin", "password": "bench"})["token"]
            except urllib.error.HTTPError:
                time.sleep(1)
        if self.token is None:
            raise RuntimeError("could not log in within %d s" % timeout_s)
        # Every server online in one System, and known by id.
        while time.time() < deadline:
            try:
                views = self.get(self.servers[0], "/api/v1/servers")
            except Exception:
                views = []
            online = {v["name"]: v["id"] for v in views if v.get("status") == "online"}
            if all(s.name in online for s in self.servers):
                for s in self.servers:
                    s.id = online[s.name]
                return
            time.sleep(0.5)
        raise RuntimeError("not all servers online in one System within %d s" % timeout_s)

    def get(self, server, path, timeout=10):
        return http_json("GET", server.url + path, token=self.token, timeout=timeout)

    def post(self, server, path, body, tries=20):
        """POST; a 503 (the System cannot answer yet, e.g. right after start) is retried, bounded."""
        for i in range(tries):
            try:
                return http_json("POST", server.url + path, body, token=self.token)
            except urllib.error.HTTPError as e:
                if e.code != 503 or i == tries - 1:
                    raise
                time.sleep(1)

    def any_alive(self, exclude=None):
        for s in self.servers:
            if s is not exclude and s.alive():
                return s
        raise RuntimeError("no live server")

    def cameras(self, exclude=None):
        """GET /api/v1/cameras from a live server; [] when it cannot answer now."""
        try:
            return self.get(self.any_alive(exclude), "/api/v1/cameras", timeout=5)
        except Exception:
            return []

    def by_id(self, server_id):
        return next(s for s in self.servers if s.id == server_id)

    def stop_all(self, timeout_s=30):
        for s in self.servers:
            if s.alive():
                s.kill(signal.SIGTERM)
        for s in self.servers:
            if s.proc is not None:
                s.wait_exit(timeout_s)


def collect_periods(cluster, home_of, from_ms):
    """{camera: [(start, end, serverId)]}: every server's own periods (the internal endpoint; the
    public one is the System's timeline, where the overlap rule has already trimmed time recorded
    by two servers, so it could never show any)."""
    to_ms = now_ms() + 60_000
    out = {}
    for cam in home_of:
        seen = set()
        for s in cluster.servers:
            for p in cluster.get(s, "/api/v1/internal/cameras/%s/periods?from=%d&to=%d" % (cam, from_ms, to_ms)):
                seen.add((p["startMs"], p["endMs"], s.id))
        out[cam] = sorted(seen)
    return out


def wait_until(predicate, timeout_s, poll_s=0.2):
    """Polls predicate until it returns a true value; returns (value, ms when it did) or (None, None)."""
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        v = predicate()
        if v:
            return v, now_ms()
        time.sleep(poll_s)
    return None, None


# Log lines look like "05:03:12.345 INFO  o.a.p.c.Cluster - ..." (conf: src/main/resources/logback.xml).
_LINE = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) ")


def log_events(path, day_start_ms):
    """[(ms, line)] of a server log; times are UTC wall clock of the day the run started."""
    out = []
    with open(path, errors="replace") as f:
        for line in f:
            m = _LINE.match(line)
            if m:
                h, mi, s, ms = (int(g) for g in m.groups())
                out.append((day_start_ms + ((h * 60 + mi) * 60 + s) * 1000 + ms, line.rstrip("\n")))
    return out


def utc_day_start_ms():
    d = datetime.datetime.now(datetime.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    return int(d.timestamp() * 1000)


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            mem_kb = int(f.readline().split()[1])
    except OSError:
        mem_kb = 0
    return "nproc %d, %s, RAM %.1f GiB" % (os.cpu_count() or 0, cpu, mem_kb / 1048576)


def load1():
    return os.getloadavg()[0]


def stats(values):
    v = sorted(values)
    if not v:
        return "n=0"
    mid = v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2
    return "n=%d min %.2f median %.2f max %.2f" % (len(v), v[0], mid, v[-1])
