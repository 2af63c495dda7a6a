"""Network namespaces for the benchmarks (Python 3 standard library; needs root).

Each server gets a namespace of its own with two veths, as a VMS is often deployed: one into the
servers' network (a bridge br0, 10.204.N.x), one into the cameras' network (a bridge br1,
10.205.N.x, the RTSP test cameras at .253). Both bridges live in another namespace, so a
partition is a real one and nothing of the host's network changes: the server's link to br0 goes
down (it still sees its cameras), or both links (a pulled cable: it sees nothing). The host has
one veth into br0 (.254) for the benchmark's own HTTP calls. N is random; the addresses exist only
on these links. Everything is removed when the benchmark ends, however it ends (atexit).
"""
import atexit
import random
import subprocess


def sh(*cmd):
    subprocess.run(list(cmd), check=True)


class Network:
    def __init__(self, n):
        self.n = n
        self.net = random.randint(1, 250)
        self.bridge_ns = "argus-chaos-%d-br" % self.net
        self.host_if = "ach%d" % self.net
        self.host_ip = self._address(0, 254)
        self.cameras_ip = self._address(1, 253)

    def _address(self, lan, host):
        """Host number host on br0 (lan 0, the servers' network) or br1 (lan 1, the cameras')."""
        return "10.%d.%d.%d" % (204 + lan, self.net, host)

    def ns(self, i):
        return "argus-chaos-%d-s%d" % (self.net, i)

    def ip(self, i):
        return self._address(0, i)

    def _port(self, i, lan=0):
        """The bridge side of server i's veth pair into br0 (servers) or br1 (cameras)."""
        return "ac%db%dx%d" % (lan, self.net, i)

    def create(self):
        atexit.register(self.remove)
        b = self.exec_in_bridge()
        sh("ip", "netns", "add", self.bridge_ns)
        for lan in (0, 1):
            sh(*b, "ip", "link", "add", "br%d" % lan, "type", "bridge")
            sh(*b, "ip", "link", "set", "br%d" % lan, "up")
        sh(*b, "ip", "addr", "add", self.cameras_ip + "/24", "dev", "br1")
        sh(*b, "ip", "link", "set", "lo", "up")
        for i in range(1, self.n + 1):
            sh("ip", "netns", "add", self.ns(i))
            s = self.exec_in(i)
            for lan in (0, 1):
                sh("ip", "link", "add", self._port(i, lan), "netns", self.bridge_ns, "type", "veth", "peer",
                   "name", "eth%d" % lan, "netns", self.ns(i))
                sh(*b, "ip", "link", "set", self._port(i, lan), "master", "br%d" % lan, "up")
                sh(*s, "ip", "addr", "add", self._address(lan, i) + "/24", "dev", "eth%d" % lan)
                sh(*s, "ip", "link", "set", "eth%d" % lan, "up")
            sh(*s, "ip", "link", "set", "lo", "up")
        sh("ip", "link", "add", self.host_if, "type", "veth", "peer", "name", "hostport", "netns", self.bridge_ns)
        sh(*b, "ip", "link", "set", "hostport", "master", "br0", "up")
        sh("ip", "addr", "add", self.host_ip + "/24", "dev", self.host_if)
        sh("ip", "link", "set", self.host_if, "up")
        return self

    def exec_in(self, i):
        """The command prefix that runs a program in server i's namespace."""
        return ["ip", "netns", "exec", self.ns(i)]

    def exec_in_bridge(self):
        return ["ip", "netns", "exec", self.bridge_ns]

    def cut(self, i, cameras_too=False):
        """Server i loses the other servers (and its cameras too: cameras_too)."""
        for lan in (0, 1) if cameras_too else (0,):
            sh(*self.exec_in_bridge(), "ip", "link", "set", self._port(i, lan), "down")

    def heal(self, i):
        for lan in (0, 1):
            sh(*self.exec_in_bridge(), "ip", "link", "set", self._port(i, lan), "up")

    def remove(self):
        for i in range(1, self.n + 1):
            subprocess.run(["ip", "netns", "del", self.ns(i)], stderr=subprocess.DEVNULL)
        subprocess.run(["ip", "netns", "del", self.bridge_ns], stderr=subprocess.DEVNULL)  # takes the host veth
        subprocess.run(["ip", "link", "del", self.host_if], stderr=subprocess.DEVNULL)
