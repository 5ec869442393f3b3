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
from e2e_support import (CSR_RULE, EXAMPLE_ALERT_LINES, EXAMPLES, K8S_SHARED, SCHEMAS_DIR, VIGIL, TempDirTest, example_lines, parse_alerts, stats_line,  # noqa: E402
                         vigil, write)

RULES = ["--rules", CSR_RULE, "--rules", K8S_SHARED, "--rules", SCHEMAS_DIR]

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


QUIET = '{"p_log_type":"Amazon.EKS.Audit","verb":"get","objectRef":{"resource":"pods"},"user":{"username":"x"}}\n'


class OperationsTest(TempDirTest):
    """What was judged is never lost, whatever ends the run, and every failure is said and seen in the
    exit status."""

    def alert_users(self, text):
        return [a["alert_context"]["username"] for a in parse_alerts(text)]

    def test_a_full_disk_is_reported_at_once_and_stops_the_run(self):
        path = self.path("many.ndjson")
        write(path, "".join(line(csr_event(i)) for i in range(50000)))  # 22 MB: many batches
        for threads in ("1", "2"):
            with self.subTest(threads=threads):
                p = vigil("run", "--no-progress", "--threads", threads, *RULES, "-o", "/dev/full", path)
                self.assertExit(p, 2)
                self.assertIn("vigil: cannot write alerts to /dev/full: No space left on device; stopping", p.stderr_text)
                self.assertEqual(p.stderr_text.count("cannot write alerts"), 1)
                # It stopped: far fewer than the 50,000 events were judged (the batches in flight drain).
                events = int(stats_line(p.stderr_text).split("stopped: ")[1].split(" events")[0])
                self.assertLess(events, 30000, p.stderr_text)

    def test_a_closed_output_pipe_is_said_with_stats_and_summary(self):
        path = self.path("many.ndjson")
        write(path, "".join(line(csr_event(i)) for i in range(2000)))
        for threads in ("1", "2"):
            with self.subTest(threads=threads):
                summary = self.path(f"summary-{threads}.json")
                p = subprocess.Popen([VIGIL, "run", "--no-progress", "--threads", threads, *RULES, "--summary", summary, path],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                first = p.stdout.readline()  # like `| head -1`
                p.stdout.close()
                err = p.stderr.read().decode()
                p.stderr.close()
                rc = p.wait(timeout=30)
                self.assertTrue(first.startswith(b'{"rule_id"'))
                self.assertEqual(rc, 2, err)  # not -SIGPIPE
                self.assertIn("vigil: cannot write alerts to stdout: Broken pipe; stopping", err)
                self.assertTrue(stats_line(err).startswith("vigil: stopped: "), err)
                with open(summary) as f:
                    self.assertGreaterEqual(len(json.load(f)["alerts"]), 1)

    def test_inputs_that_cannot_be_read_and_an_unwritable_summary_are_errors(self):
        unreadable = self.path("unreadable.ndjson")
        write(unreadable, line(csr_event("u")))
        os.chmod(unreadable, 0)
        rows = [("missing", [self.path("missing.ndjson")], "No such file or directory"),
                ("directory", [self.tmp], "is a directory"),
                ("missing among good ones", [EXAMPLES, self.path("missing.ndjson")], "No such file or directory"),
                ("summary in a missing folder", ["--summary", self.path("no", "s.json"), EXAMPLES], "cannot write --summary")]
        if os.geteuid() != 0:  # root reads any file
            rows.append(("unreadable", [unreadable], "Permission denied"))
        for name, args, message in rows:
            with self.subTest(name):
                p = vigil("run", "--no-progress", *args)
                self.assertExit(p, 2)
                self.assertIn(message, p.stderr_text)
        # The good input is still judged in full.
        p = vigil("run", "--no-progress", EXAMPLES, self.path("missing.ndjson"))
        self.assertEqual(len(parse_alerts(p.stdout_text)), len(EXAMPLE_ALERT_LINES))

    def test_a_corrupt_gzip_member_judges_what_was_decoded_in_every_mode(self):
        # Member 1 is intact; member 2 is damaged in its middle. Whatever was decoded before the
        # error is judged, with one thread as with two (they used to stop at different lines).
        member1 = "".join(line(csr_event(f"a{i}")) if i % 50 == 0 else QUIET for i in range(5000))
        member2_text = "".join(line(csr_event(f"b{i}")) if i % 50 == 0 else QUIET.replace('"x"', f'"x{i}"') for i in range(60000))
        member2 = bytearray(gzip.compress(member2_text.encode(), compresslevel=1))
        middle = len(member2) * 2 // 3
        member2[middle:middle + 64] = b"\xff" * 64
        path = self.path("corrupt.ndjson.gz")
        write(path, gzip.compress(member1.encode()) + bytes(member2), mode="wb")
        runs = {}
        for threads in ("1", "2"):
            p = vigil("run", "--no-progress", "--threads", threads, *RULES, path)
            self.assertExit(p, 0)  # bad input, like a bad line (--strict: 1)
            self.assertIn("read error: corrupt gzip data", p.stderr_text)
            runs[threads] = self.alert_users(p.stdout_text)
        self.assertEqual(runs["1"], runs["2"])
        self.assertGreater(len(runs["1"]), 100)  # all of member 1 (100) and part of member 2

    def test_a_file_that_shrinks_while_mapped_keeps_the_alerts_judged_before(self):
        head = "".join(line(csr_event(i)) for i in range(10))
        path = self.path("shrinking.ndjson")
        for threads in ("1", "2"):
            with self.subTest(threads=threads):
                write(path, head + QUIET * 700000)  # ~75 MB of short lines: judged in about a second
                out = self.path(f"out-{threads}.ndjson")
                p = subprocess.Popen([VIGIL, "run", "--no-progress", "--no-prefilter", "--threads", threads, *RULES, "-o", out, path],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                # Once the file is mapped, stop vigil, cut the file after the alerting lines, go on.
                mapped = False
                deadline = time.monotonic() + 20
                while time.monotonic() < deadline and p.poll() is None:
                    try:
                        with open(f"/proc/{p.pid}/maps") as maps:
                            mapped = path in maps.read()
                    except OSError:
                        break
                    if mapped:
                        os.kill(p.pid, signal.SIGSTOP)
                        break
                if not mapped or p.poll() is not None:
                    p.kill()
                    p.communicate()
                    self.skipTest("vigil finished before the file could be cut")
                os.truncate(path, len(head))
                os.kill(p.pid, signal.SIGCONT)
                _, err = p.communicate(timeout=30)
                err = err.decode()
                self.assertEqual(p.returncode, 2, err)
                self.assertIn(f"vigil: {path}: read error: the file shrank to {len(head)} bytes while it was read", err)
                with open(out) as f:
                    self.assertEqual(len(parse_alerts(f.read())), 10, err)

    def test_an_event_stamped_far_in_the_future_does_not_hold_its_dedup_key(self):
        # bob's first match is stamped 2099: it used to open a window in 2099 that swallowed every
        # later match of bob for the rest of the run. Now it counts at the stream's time.
        rule = ("AnalysisType: rule\nRuleID: Test.Login\nEnabled: true\nLogTypes: [Test.App]\nSeverity: Medium\n"
                "DedupPeriodMinutes: 60\nCondition: action eq \"login\"\nDedup: 'login_{user}'\nAlertContext:\n  user: user\n")
        write(self.path("rule.yml"), rule)
        events = [("alice", "2026-01-01T00:00:00Z"), ("bob", "2099-01-01T00:00:00Z"), ("bob", "2026-01-01T00:10:00Z"),
                  ("bob", "2026-01-01T03:00:00Z"), ("alice", "2026-01-01T03:05:00Z"), ("bob", "1971-01-01T00:00:00Z"),
                  ("bob", "2026-01-01T03:10:00Z")]
        path = self.path("events.ndjson")
        write(path, "".join(json.dumps({"p_log_type": "Test.App", "action": "login", "user": u, "p_event_time": t}) + "\n"
                            for u, t in events))
        for threads in ("1", "2"):
            p = vigil("run", "--no-progress", "--threads", threads, "--rules", self.path("rule.yml"), path)
            self.assertExit(p, 0)
            alerts = parse_alerts(p.stdout_text)
            # alice 00:00; bob 2099 (as of 00:00: its own window); bob 03:00 (a new window); alice 03:05.
            # bob 00:10 counts in the 00:00 window; bob 1971 (a late, out-of-order stamp) and 03:10 in
            # the 03:00 one: a stamp in the past holds nothing either.
            self.assertEqual([(a["alert_context"]["user"], a["source"]["line"]) for a in alerts],
                             [("alice", 1), ("bob", 2), ("bob", 4), ("alice", 5)], p.stdout_text)
            self.assertEqual(alerts[1]["event_time"], "2099-01-01T00:00:00.000Z")  # the alert shows the stamp as it was

    def test_too_many_threads_is_a_clear_error(self):
        def limit():
            resource.setrlimit(resource.RLIMIT_NPROC, (64, 64))
        if os.geteuid() == 0:
            # Root is not held to RLIMIT_NPROC: the threads would start until memory runs out (slow).
            self.skipTest("root is not held to RLIMIT_NPROC")
        p = subprocess.run([VIGIL, "run", "--no-progress", "--threads", "50000", EXAMPLES], capture_output=True, preexec_fn=limit, timeout=60)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn(b"vigil: cannot start 50000 threads:", p.stderr)


if __name__ == "__main__":
    unittest.main()
