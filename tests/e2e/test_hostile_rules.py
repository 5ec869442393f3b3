"""End-to-end: hostile rule files are diagnostics with file:line:col in `vigil check`, `ruletest` and a
SIGHUP reload of `vigil run` alike, never a crash, a hang or a runaway allocation (issue 14, point 1).
The inputs are tests/hostile/ (copies of the reliability report's "Rule files" table) plus the
long-digit and long-literal files, generated here as the report's scripts make them."""

import json
import os
import shutil
import signal
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import (CSR_RULE, K8S_SHARED, SCHEMAS_DIR, SOURCE_DIR, VIGIL, LiveProcess, TempDirTest, example_lines,  # noqa: E402
                         ruletest, vigil)

HOSTILE_DIR = os.path.join(SOURCE_DIR, "tests", "hostile")
ONE_EVENT = os.path.join(HOSTILE_DIR, "one-event.ndjson")

# file -> (line:col, part of the error message)
HOSTILE_FILES = {
    "cond-float-1e999.yml": ("5:35", "number out of range"),
    "yaml-scalar-1e999.yml": ("9:44", "number out of range"),
    "datamodel-tests-mapping.yml": ("5:8", "wrong type: Tests must be a list, not a mapping"),
    "fuzz-minimized-datamodel.yml": ("3:1", "wrong type: Tests must be a list, not a mapping"),
    "invalid-utf8-ruleid.yml": ("2:18", "invalid UTF-8 (byte 0xFF)"),
    "invalid-utf8-test-log.yml": ("9:62", "invalid UTF-8 (byte 0xC3)"),
    "fuzz-minimized-invalid-utf8-log.yml": ("9:11", "invalid UTF-8 (byte 0x9A)"),
    "alias-bomb.yml": ("8:1", "YAML aliases expand 'Reports' past"),
    "yaml-nesting-600.yml": ("6:269", "YAML nested too deeply (more than 256 levels)"),
}

RULE_HEAD = "AnalysisType: rule\nRuleID: Probe.{id}\nLogTypes: [Amazon.EKS.Audit]\nSeverity: Low\n"


def long_digits(n):
    """gen-long-digits.sh: a test Log with a plain scalar of n digits."""
    return (RULE_HEAD.format(id="LongDigits") + 'Condition: verb eq "create"\n'
            "Tests:\n  - Name: t\n    ExpectedResult: false\n"
            f"    Log: {{p_log_type: Amazon.EKS.Audit, n: {'1' * n}}}\n")


def long_literal(n):
    """gen-long-literal.sh: a condition string literal of n bytes."""
    return RULE_HEAD.format(id="LongLiteral") + f"Condition: 'verb eq \"{'a' * n}\"'\n"


class HostileRuleFilesTest(TempDirTest):

    def cases(self):
        """(path, line:col, message part) for every hostile input, generated ones written to the temp dir."""
        out = [(os.path.join(HOSTILE_DIR, name), where, message) for name, (where, message) in HOSTILE_FILES.items()]
        for n in (310, 30000):
            path = self.path(f"long-digits-{n}.yml")
            with open(path, "w") as f:
                f.write(long_digits(n))
            out.append((path, "9:44", "number out of range"))
        return out

    def assertNoSignal(self, p, what):
        self.assertGreaterEqual(p.returncode, 0, f"{what} died of signal {-p.returncode}\n{p.stderr_text[-2000:]}")

    def test_vigil_check_reports_each_hostile_file_at_its_position(self):
        for path, where, message in self.cases():
            with self.subTest(file=os.path.basename(path)):
                p = vigil("check", path)
                self.assertNoSignal(p, "vigil check")
                self.assertExit(p, 1)
                self.assertIn(f"{path}:{where}: error: {message}", p.stderr_text)
                self.assertRegex(p.stderr_text, r"vigil check: 1 files: 0 rules, 0 data models, 0 packs; \d+ errors")

    def test_ruletest_reports_each_hostile_file_the_same_way(self):
        for path, where, message in self.cases():
            with self.subTest(file=os.path.basename(path)):
                p = ruletest(path)
                self.assertNoSignal(p, "ruletest")
                self.assertNotEqual(p.returncode, 0)
                self.assertIn(f"{path}:{where}: error: {message}", p.stderr_text)
                p = ruletest("--format", "json", path)
                self.assertNoSignal(p, "ruletest --format json")
                report = json.loads(p.stdout_text)
                self.assertGreaterEqual(report["summary"]["errors"], 1)

    def test_vigil_run_refuses_each_hostile_file_and_says_why(self):
        for path, where, message in self.cases():
            with self.subTest(file=os.path.basename(path)):
                summary = self.path("summary.json")
                p = vigil("run", "--no-progress", "--rules", path, "--summary", summary, ONE_EVENT)
                self.assertNoSignal(p, "vigil run")
                self.assertExit(p, 2)
                self.assertIn(f"{path}:{where}: error: {message}", p.stderr_text)
                self.assertIn("vigil: load failed", p.stderr_text)

    def test_a_literal_longer_than_the_prefilter_takes_loads_and_matches(self):
        rule = self.path("long-literal.yml")
        with open(rule, "w") as f:
            f.write(long_literal(16001))
        p = vigil("check", rule)
        self.assertNoSignal(p, "vigil check")
        self.assertExit(p, 0)
        events = self.path("events.ndjson")
        with open(events, "w") as f:
            for verb in ("a" * 16001, "a" * 16000, "a" * 16002, "create"):
                f.write(json.dumps({"p_log_type": "Amazon.EKS.Audit", "verb": verb}) + "\n")
        p = vigil("run", "--no-progress", "--rules", rule, events)
        self.assertNoSignal(p, "vigil run")
        self.assertExit(p, 0)
        alerts = [json.loads(line) for line in p.stdout_text.splitlines()]
        self.assertEqual([a["source"]["line"] for a in alerts], [1])


class HostileReloadTest(TempDirTest):
    """Every hostile file dropped into the rules folder of a running `vigil run`, then SIGHUP: the
    reload fails with the same diagnostic, and the old rules go on alerting."""

    def test_sighup_reload_of_each_hostile_file_keeps_the_old_rules(self):
        rules = self.path("rules")
        os.makedirs(rules)
        shutil.copy(CSR_RULE, os.path.join(rules, "csr.yml"))
        shutil.copy(K8S_SHARED, rules)
        for name in os.listdir(SCHEMAS_DIR):
            shutil.copy(os.path.join(SCHEMAS_DIR, name), rules)
        line35 = example_lines()[34]
        proc = LiveProcess([VIGIL, "run", "--no-progress", "--rules", rules])
        self.addCleanup(proc.kill)
        self.assertTrue(proc.wait_stderr("vigil: loaded 1 rule, 3 data models"), proc.describe())

        alerts = 0
        for name, (where, message) in HOSTILE_FILES.items():
            with self.subTest(file=name):
                hostile = shutil.copy(os.path.join(HOSTILE_DIR, name), os.path.join(rules, name))
                failures_before = sum("reload failed" in line for line in proc.err_lines)
                proc.proc.send_signal(signal.SIGHUP)
                deadline = time.monotonic() + 20
                while sum("reload failed" in line for line in proc.err_lines) == failures_before and time.monotonic() < deadline:
                    self.assertIsNone(proc.proc.poll(), proc.describe())
                    time.sleep(0.05)
                self.assertIn(f"{hostile}:{where}: error: {message}", "\n".join(proc.err_lines), proc.describe())
                os.remove(hostile)
                # The old rules still judge: a new CSR raises a new alert.
                alerts += 1
                proc.send(line35.replace("jordan-admin", f"jordan-admin-{alerts}"))
                self.assertTrue(proc.wait_stdout_count(alerts), proc.describe())

        proc.proc.stdin.close()
        self.assertEqual(proc.finish(timeout=10), 0, proc.describe())
        self.assertEqual(len(proc.out_lines), len(HOSTILE_FILES))


if __name__ == "__main__":
    unittest.main()
