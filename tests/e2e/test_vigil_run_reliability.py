"""End-to-end tests of `vigil run` against hostile events and unlucky operations (issue 14, the
"Events" and "Operations" tables of the reliability cases): one event costs what its size says, and
nothing already judged is lost, whatever stops the run."""

import gzip
import json
import os
import resource
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import (CSR_RULE, EXAMPLES, SCHEMAS_DIR, VIGIL, TempDirTest, example_lines, parse_alerts, stats_line,  # noqa: E402
                         vigil, write)

RULES = ["--rules", CSR_RULE, "--rules", SCHEMAS_DIR]

# Under AddressSanitizer freed memory waits in a quarantine (256 MB by default), which would hide
# what the process itself keeps; a small one leaves the measurement to vigil's own buffers.
ENV = dict(os.environ, ASAN_OPTIONS=(os.environ.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=1").lstrip(":"))


def csr_event(tag, **spec):
    """An EKS CSR creation that the shipped rule alerts on (one alert per tag)."""
    ev = {"kind": "Event", "verb": "create", "user": {"username": f"u-{tag}@example.com"}, "sourceIPs": ["10.0.0.1"],
          "objectRef": {"resource": "certificatesigningrequests", "name": f"csr-{tag}"}, "responseStatus": {"code": 201},
          "requestObject": {"spec": {"signerName": "kubernetes.io/kube-apiserver-client", "usages": ["client auth"], **spec}},
          "requestReceivedTimestamp": "2026-11-27T10:04:02.331719Z", "p_log_type": "Amazon.EKS.Audit"}
    return ev


def line(ev):
    return json.dumps(ev, separators=(",", ":")) + "\n"


def peak_rss_mb(args, timeout=60):
    """Runs vigil (output discarded) and returns (exit status, its own peak RSS in MB, stderr)."""
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen([VIGIL, *args], stdout=null, stderr=subprocess.PIPE, env=ENV)
        err = p.stderr.read()
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, usage.ru_maxrss / 1024.0, err.decode(errors="replace")


class EventCostTest(TempDirTest):
    """A hostile event costs time and memory in proportion to its size."""

    def test_long_lists_are_walked_once(self):
        # 320,000-element lists: 24 s (usages) and, at 160,000, 6.4 s in the alert path when every
        # element access walked the list from its start; linear, they take well under a second.
        # The bound is generous (slow machine, sanitizers); the quadratic walk is far past it.
        rows = [("usages", csr_event("q", signerName="example.com/other", usages=["x"] * 320000), 0),
                ("sourceIPs", dict(csr_event("s"), sourceIPs=["1"] * 320000), 1)]
        for where, ev, alerts in rows:
            with self.subTest(where=where):
                path = self.path(f"{where}.ndjson")
                write(path, line(ev))
                for threads in ("1", "2"):
                    start = time.monotonic()
                    p = vigil("run", "--no-progress", "--threads", threads, *RULES, path, timeout=60)
                    took = time.monotonic() - start
                    self.assertExit(p, 0)
                    self.assertEqual(len(parse_alerts(p.stdout_text)), alerts)
                    self.assertLess(took, 8.0, f"{where}, {threads} threads: {took:.1f} s for one 1.3 MB event")

    def test_split_of_a_huge_string_costs_about_the_line(self):
        # One 12 MiB GKE event whose resourceName is all slashes: the data model splits it. The parts
        # used to be stored (64 bytes each: ~0.9 GB); now the line itself dominates.
        ev = {"p_log_type": "GCP.AuditLog", "protoPayload": {"serviceName": "k8s.io",
              "methodName": "io.k8s.certificates.v1.certificatesigningrequests.create", "resourceName": "/" * (12 << 20),
              "authenticationInfo": {"principalEmail": "m@example.com"}}, "timestamp": "2026-11-27T10:04:02.331719Z"}
        path = self.path("gke.ndjson")
        write(path, line(ev))
        _, small, _ = peak_rss_mb(["run", "--no-progress", "--threads", "1", EXAMPLES])
        status, big, err = peak_rss_mb(["run", "--no-progress", "--threads", "1", path])
        self.assertEqual(status, 0, err)
        self.assertIn("vigil: done: 1 events", err)
        self.assertLess(big - small, 150, f"{big:.0f} MB peak for a 12 MiB line ({small:.0f} MB for the examples)")

    def test_batch_memory_is_flat_in_lines_and_threads(self):
        # Batches used to keep a record per line (blank lines too) and a full result per bad line:
        # 24 MiB of blank lines or of "{}" lines cost hundreds of MB with a few threads.
        rows = [("blank", "\n" * (24 << 20)), ("empty-objects", "{}\n" * ((24 << 20) // 3))]
        _, baseline, _ = peak_rss_mb(["run", "--no-progress", "--threads", "4", EXAMPLES])
        for name, text in rows:
            path = self.path(f"{name}.ndjson")
            write(path, text)
            for threads in ("1", "4"):
                with self.subTest(input=name, threads=threads):
                    status, rss, err = peak_rss_mb(["run", "--no-progress", "--threads", threads, path])
                    self.assertEqual(status, 0, err)
                    # The mapped input's pages count too until they are released (every 8 MiB).
                    self.assertLess(rss - baseline, 60, f"{rss:.0f} MB peak ({baseline:.0f} MB for the examples)")
        # The counts stay exact although only the first few bad lines of a batch are kept.
        p = vigil("run", "--no-progress", "--threads", "2", self.path("empty-objects.ndjson"))
        self.assertExit(p, 0)
        self.assertIn(f"bad lines: {(24 << 20) // 3} missing log type;", stats_line(p.stderr_text))
        self.assertEqual(p.stderr_text.count("missing log type: no p_log_type"), 20)

    def test_numbers_beyond_64_bits_are_judged(self):
        big = line(csr_event("big")).replace('"kind":"Event"', '"kind":"Event","extra":99999999999999999999,"huge":1e999')
        path = self.path("big.ndjson")
        write(path, big)
        for extra in ([], ["--no-prefilter"], ["--threads", "1"]):
            with self.subTest(extra=extra):
                p = vigil("run", "--no-progress", *extra, *RULES, path)
                self.assertExit(p, 0)
                alerts = parse_alerts(p.stdout_text)
                self.assertEqual(len(alerts), 1, p.stderr_text)
                self.assertIn("bad lines: none;", stats_line(p.stderr_text))
                self.assertEqual(alerts[0]["event"]["extra"], 99999999999999999999)  # the raw event, as it was


if __name__ == "__main__":
    unittest.main()
