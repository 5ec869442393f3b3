"""Shared helpers for the end-to-end tests of the built `vigil` and `ruletest` binaries.

The binaries and the source tree come from the environment (ctest sets them):
VIGIL_BIN, RULETEST_BIN, VIGIL_SOURCE_DIR. Run a single test by hand with e.g.
  VIGIL_BIN=build/bin/vigil RULETEST_BIN=build/bin/ruletest VIGIL_SOURCE_DIR=. \
      python3 tests/e2e/test_vigil_run.py RunExamplesTest.test_examples_raise_the_four_promised_alerts
"""

import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("VIGIL_SOURCE_DIR", os.path.normpath(os.path.join(HERE, "..", "..")))
VIGIL = os.environ.get("VIGIL_BIN", os.path.join(SOURCE_DIR, "build", "bin", "vigil"))
RULETEST = os.environ.get("RULETEST_BIN", os.path.join(SOURCE_DIR, "build", "bin", "ruletest"))

RULES_DIR = os.path.join(SOURCE_DIR, "rules")
SCHEMAS_DIR = os.path.join(SOURCE_DIR, "schemas")
K8S_DIR = os.path.join(RULES_DIR, "kubernetes")
CSR_RULE = os.path.join(K8S_DIR, "k8s_client_certificate_created.yml")
# The pack's shared lists and macros: the CSR rule uses them, so a copy of the rule needs this file too.
K8S_SHARED = os.path.join(K8S_DIR, "k8s_shared.yml")
EXAMPLES = os.path.join(K8S_DIR, "examples", "k8s_audit_events.ndjson")
CSR_RULE_ID = "Kubernetes.ClientCertificate.Created"

# Every subprocess gets a timeout; a test that hits it fails instead of hanging ctest.
TIMEOUT = 30

# The example lines the examples README promises alerts for: line -> (log type, username, csr name).
# The threat pack's other alerts on the example events: line 36 approves line 35's CSR (step 2 of the
# technique), line 39 is a GKE exec into a pod.
EXAMPLE_OTHER_ALERTS = [(36, "Kubernetes.ClientCertificate.Approved"), (39, "Kubernetes.Pod.Exec")]
# Every alert line of the example events, in order.
EXAMPLE_ALERT_LINES = [35, 36, 39, 40, 42, 47]

def pack_rule_ids():
    """The RuleIDs the bundled Vigil.Kubernetes pack lists."""
    with open(os.path.join(K8S_DIR, "pack.yml")) as f:
        return {l.strip()[2:] for l in f if l.strip().startswith("- Kubernetes.")}


# The number of rules of the bundled pack (vigil's "loaded N rules" line).
PACK_RULES = 16
EXAMPLE_ALERTS = [
    (35, "Amazon.EKS.Audit", "jordan.lee@example.com", "jordan-admin"),
    (40, "Amazon.EKS.Audit", "system:serviceaccount:ci:gitlab-runner", "runner-client-cert"),
    (42, "Azure.MonitorActivity", "priya.patel@contoso.com", "priya-breakglass"),
    (47, "GCP.AuditLog", "sam.okafor@acme.example", "sam-debug-cert"),
]


def csr_title(user, name):
    return f"[{user}] created client certificate signing request [{name}]"


def csr_dedup(user, name):
    return f"k8s_client_cert_{user}_{name}"


def example_lines():
    """The example events, one raw line each (index 0 is line 1)."""
    with open(EXAMPLES, encoding="utf-8") as f:
        return f.read().splitlines()


def run(args, stdin_bytes=None, timeout=TIMEOUT, cwd=None):
    """Runs a command to completion; returns CompletedProcess with text stdout/stderr."""
    p = subprocess.run(args, input=stdin_bytes, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout, cwd=cwd)
    p.stdout_text = p.stdout.decode("utf-8", errors="replace")
    p.stderr_text = p.stderr.decode("utf-8", errors="replace")
    return p


def vigil(*args, **kw):
    return run([VIGIL, *args], **kw)


def ruletest(*args, **kw):
    return run([RULETEST, *args], **kw)


def parse_alerts(text):
    """NDJSON alerts -> list of dicts (key order kept); every line must be one JSON object."""
    alerts = []
    for line in text.splitlines():
        if line.strip():
            alerts.append(json.loads(line))
    return alerts


def stats_line(stderr_text):
    """The final stats line vigil prints on stderr ('vigil: done: ...', 'vigil: interrupted: ...' or, after a
    failed write, 'vigil: stopped: ...')."""
    lines = [l for l in stderr_text.splitlines() if l.startswith(("vigil: done: ", "vigil: interrupted: ", "vigil: stopped: "))]
    return lines[-1] if lines else None


def write(path, text, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(text)
    return path


def event_line(**fields):
    return json.dumps(fields, separators=(",", ":"))


class TempDirTest(unittest.TestCase):
    """A test case with a fresh temporary directory in self.tmp, removed afterwards."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="vigil-e2e-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def assertExit(self, proc, code):
        self.assertEqual(proc.returncode, code, f"exit status {proc.returncode}, wanted {code}\n"
                         f"--- stdout ---\n{proc.stdout_text[-4000:]}\n--- stderr ---\n{proc.stderr_text[-4000:]}")


class LiveProcess:
    """A process with piped stdin/stdout/stderr whose output lines are collected by reader threads,
    so a test can wait (with a deadline) for a given line while the process keeps running."""

    def __init__(self, args):
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.out_lines = []
        self.err_lines = []
        self._cv = threading.Condition()
        self._readers = [threading.Thread(target=self._read, args=(self.proc.stdout, self.out_lines), daemon=True),
                         threading.Thread(target=self._read, args=(self.proc.stderr, self.err_lines), daemon=True)]
        for t in self._readers:
            t.start()

    def _read(self, stream, into):
        for raw in iter(stream.readline, b""):
            with self._cv:
                into.append(raw.decode("utf-8", errors="replace").rstrip("\n"))
                self._cv.notify_all()
        with self._cv:
            self._cv.notify_all()

    def send(self, line):
        self.proc.stdin.write(line.encode("utf-8") + b"\n")
        self.proc.stdin.flush()

    def wait_for(self, predicate, timeout=10.0):
        """Waits until predicate() (called under the lock) is true; returns whether it became true."""
        deadline = time.monotonic() + timeout
        with self._cv:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cv.wait(left)
            return True

    def wait_stdout_count(self, n, timeout=10.0):
        return self.wait_for(lambda: len(self.out_lines) >= n, timeout)

    def wait_stderr(self, text, timeout=10.0):
        return self.wait_for(lambda: any(text in l for l in self.err_lines), timeout)

    def finish(self, timeout=10.0):
        """Waits for exit; returns the exit status (the readers are joined so all output is in)."""
        rc = self.proc.wait(timeout=timeout)
        for t in self._readers:
            t.join(timeout)
        return rc

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        # The readers end at EOF once the process is gone; close the pipes only after they did.
        for t in self._readers:
            t.join(10)
        for s in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                s.close()
            except Exception:
                pass

    def describe(self):
        with self._cv:
            return "--- stdout ---\n" + "\n".join(l[:300] for l in self.out_lines) + "\n--- stderr ---\n" + "\n".join(self.err_lines)
