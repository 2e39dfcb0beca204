"""b. memcached: a new process resolving a cached request vs uncached.

Starts a real ``memcached`` on 127.0.0.1 (a free port), stops it at the
end. For each size N, in new processes through the addon (its
``memcached_uri`` setting):

* no memcached (the baseline; the new-process runs of section a when it
  ran before, else made here);
* memcached, resolve not cached (the server flushed just before);
* memcached, resolve cached (the process just before stored it);
* plain rez with the same memcached (``memcached_uri`` in its own
  config), resolve cached: the addon's hit is compared with it.

``from_cache`` of every context is checked and shown (``hit k/n``), and
the ``package.py`` files the process opened (a hit opens none: rez's
package-file cache serves them).
Both the resolve + environment time inside the process and the wall
time of the whole process (python start, imports, resolve, env) are
shown.

The binary comes from Debian's ``memcached`` package
(``apt-get install -y memcached``); ``--memcached-bin`` points elsewhere.

``python -m benchmarks.memcached [--quick] [--json PATH]``
"""
import os
import shutil
import socket
import subprocess
import sys
import time
from typing import Any, Dict, List, Optional

from . import common

INSTALL_HINT = (
    "memcached is needed for the memcached benchmark: install it"
    " (Debian/Ubuntu: apt-get install -y memcached) or pass"
    " --memcached-bin PATH"
)


class MemcachedMissing(common.BenchmarkError):
    """The memcached executable is not there."""


def find_binary(path: Optional[str] = None) -> str:
    """The memcached executable.

    Raises:
        MemcachedMissing: Not found (the message says how to install it).
    """
    found = shutil.which(path or "memcached")
    if not found:
        where = f" at {path!r}" if path else " on PATH"
        raise MemcachedMissing(f"memcached not found{where}. {INSTALL_HINT}")
    return found


def free_port() -> int:
    """A TCP port free on loopback now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MemcachedServer:
    """A memcached process on 127.0.0.1, for a ``with`` block.

    Args:
        binary: The memcached executable.
    """

    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.port = 0
        self.process: Optional[subprocess.Popen] = None

    @property
    def uri(self) -> str:
        """``host:port`` as rez's ``memcached_uri`` takes it."""
        return f"127.0.0.1:{self.port}"

    def __enter__(self) -> "MemcachedServer":
        self.port = free_port()
        args = [self.binary, "-l", "127.0.0.1", "-p", str(self.port),
                "-U", "0", "-m", "64", "-t", "1"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args += ["-u", "root"]  # memcached refuses root otherwise
        self.process = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode(errors="replace")
                raise RuntimeError(f"memcached exited: {error.strip()}")
            try:
                self.command("version")
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"memcached did not answer on {self.uri}")

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop the server (this process only)."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()
        self.process = None

    def command(self, text: str) -> str:
        """Send one text-protocol command; its reply."""
        with socket.create_connection(("127.0.0.1", self.port), 2) as sock:
            sock.sendall(text.encode() + b"\r\n")
            reply = b""
            while not reply.endswith((b"END\r\n", b"OK\r\n")) and not (
                text == "version" and reply.endswith(b"\r\n")
            ):
                chunk = sock.recv(65536)
                if not chunk:
                    break
                reply += chunk
        return reply.decode(errors="replace")

    def flush(self) -> None:
        """Forget every entry."""
        if "OK" not in self.command("flush_all"):
            raise RuntimeError("memcached flush_all failed")

    def stats(self) -> Dict[str, str]:
        """The server's counters."""
        result = {}
        for line in self.command("stats").splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] == "STAT":
                result[parts[1]] = parts[2]
        return result


def check(options: common.Options) -> None:
    """Fail before any work when memcached is missing."""
    find_binary(options.memcached_bin)


def measure(space: common.Workspace) -> List[Dict[str, Any]]:
    """Section b rows."""
    binary = find_binary(space.options.memcached_bin)
    samples = common.Samples("b")
    samples.describe(
        "mc_off", "addon, new process, no memcached: resolve+env"
    )
    samples.describe(
        "mc_miss", "addon, new process, memcached miss: resolve+env",
        "mc_off", "hit",
    )
    samples.describe(
        "rez_mc_hit", "plain rez, new process, memcached hit: resolve+env",
        None, "hit",
    )
    samples.describe(
        "mc_hit", "addon, new process, memcached hit: resolve+env",
        "rez_mc_hit", "hit",
    )
    samples.describe(
        "mc_off_wall", "whole new process, no memcached (wall)"
    )
    samples.describe(
        "mc_hit_wall", "whole new process, memcached hit (wall)",
        "mc_off_wall",
    )
    with MemcachedServer(binary) as server:
        for n in space.options.sizes:
            request = space.repo.request(n)
            for off in common.fresh_addon_runs(
                space, n, samples, "mc_off"
            ):
                samples.add("mc_off", n, off["first_s"])
                samples.add("mc_off_wall", n, off["wall_s"])
            opens: Dict[str, List[int]] = {"mc_hit": [], "rez_mc_hit": []}
            for index in range(space.options.repeats):
                server.flush()
                miss = common.worker(
                    "addon", space, request, memcached=server.uri
                )
                samples.add("mc_miss", n, miss["first_s"])
                samples.flag("mc_miss", n, miss["from_cache"])
                # Both hits after the same miss; who goes first alternates.
                order = ["addon", "rez"] if index % 2 else ["rez", "addon"]
                for mode in order:
                    hit = common.worker(
                        mode, space, request, memcached=server.uri
                    )
                    case = "mc_hit" if mode == "addon" else "rez_mc_hit"
                    samples.add(case, n, hit["first_s"])
                    samples.flag(case, n, hit["from_cache"])
                    opens[case].append(hit["package_py_opens"])
                    if mode == "addon":
                        samples.add("mc_hit_wall", n, hit["wall_s"])
            for case, counts in opens.items():
                samples.note(case, n, f"package.py {max(counts)}")
        stats = server.stats()
    space.extra["memcached"] = (
        f"{os.path.basename(binary)} {stats.get('version', '?')},"
        f" get_hits {stats.get('get_hits')},"
        f" get_misses {stats.get('get_misses')},"
        f" sets {stats.get('cmd_set')}"
    )
    return samples.rows()


def main(argv: Optional[List[str]] = None) -> int:
    """Run section b alone."""
    return common.section_main(
        __doc__.splitlines()[0], measure, argv, check
    )


if __name__ == "__main__":
    sys.exit(main())
