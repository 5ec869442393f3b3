"""End-to-end tests of `ruletest`: the shipped packs, output formats, selection, and the failure
explanations of a deliberately broken copy of the CSR rule."""

import json
import os
import re
import shutil
import sys
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import CSR_RULE, CSR_RULE_ID, K8S_DIR, K8S_SHARED, PACK_RULES, pack_rule_ids, RULES_DIR, SCHEMAS_DIR, TempDirTest, ruletest, write  # noqa: E402

SEED_TESTS = [
    "EKS client certificate CSR created",
    "AKS client certificate CSR created",
    "GKE client certificate CSR created",
    "Service account creating certificate (higher severity)",
    "System principal creating certificate (excluded)",
    "AKS node bootstrap CSR (excluded)",
    "Failed CSR creation (excluded)",
    "Server auth certificate (not client auth)",
    "Get CSR (not creation)",
]
SEED_TRUE = {
    "EKS client certificate CSR created": ("attacker@example.com", "malicious-csr"),
    "AKS client certificate CSR created": ("persistence-user@example.com", "backdoor-cert"),
    "GKE client certificate CSR created": ("user@company.com", "persistence-csr"),
    "Service account creating certificate (higher severity)": ("system:serviceaccount:default:compromised-sa", "sa-cert"),
}
MODEL_IDS = {"Vigil.Amazon.EKS.Audit.Kubernetes", "Vigil.Azure.MonitorActivity.Kubernetes", "Vigil.GCP.AuditLog.Kubernetes"}
TEST_KEYS = ["name", "passed", "expected", "actual", "title", "dedup", "severity", "alert_context", "reason"]

EXTRA_RULE = """AnalysisType: rule
RuleID: Test.Extra
LogTypes: [Test.App]
Severity: High
Tags: [Custom]
Condition: action eq "login"
AlertTitle: 'login by {user}'
Tests:
  - Name: a login alerts
    ExpectedResult: true
    ExpectedTitle: login by alice
    Log: {p_log_type: Test.App, action: login, user: alice}
  - Name: a logout does not
    ExpectedResult: false
    Log: {p_log_type: Test.App, action: logout, user: alice}
"""


class RuletestTest(TempDirTest):

    def json_run(self, *args, code=0):
        p = ruletest("--format", "json", *args)
        self.assertExit(p, code)
        return json.loads(p.stdout_text)  # one JSON document, nothing else on stdout

    def selected(self, doc):
        return ({r["rule_id"] for r in doc["rules"]}, {m["datamodel_id"] for m in doc.get("datamodels", [])})

    def workspace(self):
        """A copy of the shipped pack and data models plus a second, unrelated rule."""
        shutil.copytree(K8S_DIR, self.path("rules", "kubernetes"))
        shutil.copytree(SCHEMAS_DIR, self.path("schemas"))
        write(self.path("rules", "extra.yml"), EXTRA_RULE)
        return [self.path("rules"), self.path("schemas")]

    def broken_copy(self):
        """The CSR rule with `verb eq "create"` broken to `verb eq "creat"`, two comment lines added on
        top so that line numbers differ from the original. Returns (path, line of the condition)."""
        with open(CSR_RULE) as f:
            text = f.read()
        self.assertEqual(text.count('verb eq "create" and resource eq "certificatesigningrequests"'), 1)
        text = "# a deliberately broken copy\n# (verb eq \"creat\")\n" + text.replace('verb eq "create" and resource', 'verb eq "creat" and resource')
        path = write(self.path("broken", "k8s_client_certificate_created.yml"), text)
        line = next(n for n, l in enumerate(text.splitlines(), 1) if 'verb eq "creat" and resource' in l)
        return path, line

    # ---- the shipped packs ----

    def test_shipped_packs_pass_with_the_nine_seed_test_names(self):
        for args in ([], [RULES_DIR, SCHEMAS_DIR]):
            with self.subTest(args=args):
                p = ruletest(*args)
                self.assertExit(p, 0)
                out = p.stdout_text
                for name in SEED_TESTS:
                    self.assertIn(f"  [PASS] {name}\n", out)
                self.assertNotIn("[FAIL]", out)
                m = re.search(rf"^Summary: (\d+) passed, 0 failed, 0 errors \({PACK_RULES + 3} rules and data models\)$", out, re.M)
                self.assertIsNotNone(m, out[-500:])
                self.assertGreaterEqual(int(m.group(1)), 9 + 15)
                self.assertIn(f"{CSR_RULE_ID}  (", out)

    def test_true_seed_tests_show_title_dedup_severity_and_context(self):
        p = ruletest(RULES_DIR, SCHEMAS_DIR)
        self.assertExit(p, 0)
        lines = p.stdout_text.splitlines()
        for name, (user, csr) in SEED_TRUE.items():
            i = lines.index(f"  [PASS] {name}")
            self.assertEqual(lines[i + 1], f"    title:         [{user}] created client certificate signing request [{csr}]")
            self.assertEqual(lines[i + 2], f"    dedup:         k8s_client_cert_{user}_{csr}")
            self.assertEqual(lines[i + 3], "    severity:      Info")
            self.assertTrue(lines[i + 4].startswith('    alert_context: {"username":'), lines[i + 4])

    def test_json_format_is_one_document_with_the_documented_shape(self):
        doc = self.json_run(RULES_DIR, SCHEMAS_DIR)
        self.assertEqual(set(doc["summary"].keys()), {"passed", "failed", "errors"})
        self.assertEqual(doc["summary"]["failed"], 0)
        self.assertEqual(doc["summary"]["errors"], 0)
        self.assertEqual({r["rule_id"] for r in doc["rules"]}, pack_rule_ids())
        rule = next(r for r in doc["rules"] if r["rule_id"] == CSR_RULE_ID)
        self.assertEqual(os.path.realpath(rule["file"]), os.path.realpath(CSR_RULE))
        tests = {t["name"]: t for t in rule["tests"]}
        for name in SEED_TESTS:
            self.assertIn(name, tests)
        total = 0
        for t in rule["tests"]:
            total += 1
            for key in TEST_KEYS:
                self.assertIn(key, t)
            self.assertIs(t["passed"], True)
            self.assertIsNone(t["reason"])
            self.assertEqual(t["expected"], t["actual"])
        self.assertEqual(doc["summary"]["passed"], sum(len(r["tests"]) for r in doc["rules"]) + sum(len(m["tests"]) for m in doc["datamodels"]))
        self.assertGreater(total, 0)
        eks = tests["EKS client certificate CSR created"]
        self.assertEqual((eks["expected"], eks["actual"]), (True, True))
        self.assertEqual(eks["title"], "[attacker@example.com] created client certificate signing request [malicious-csr]")
        self.assertEqual(eks["dedup"], "k8s_client_cert_attacker@example.com_malicious-csr")
        self.assertEqual(eks["severity"], "Info")
        self.assertEqual(list(eks["alert_context"].keys()),
                         ["username", "sourceIPs", "userAgent", "namespace", "verb", "resource", "requestURI", "responseStatus",
                          "cluster", "csr_name", "signer_name", "usages", "groups"])
        self.assertEqual(eks["alert_context"]["cluster"], "eks-cluster")
        gke = tests["GKE client certificate CSR created"]["alert_context"]
        self.assertEqual((gke["namespace"], gke["requestURI"], gke["sourceIPs"], gke["responseStatus"], gke["cluster"]),
                         (None, "/apis/certificates.k8s.io/v1/certificatesigningrequests/persistence-csr", ["8.8.8.8"], None,
                          "gke-cluster"))
        self.assertIsNone(tests["Service account creating certificate (higher severity)"]["alert_context"]["cluster"])
        get = tests["Get CSR (not creation)"]
        self.assertEqual((get["expected"], get["actual"], get["title"], get["alert_context"]), (False, False, None, None))

    def test_junit_format_is_valid_xml(self):
        p = ruletest("--format", "junit", RULES_DIR, SCHEMAS_DIR)
        self.assertExit(p, 0)
        root = ET.fromstring(p.stdout_text)
        cases = root.findall(".//testcase")
        names = [c.get("name") for c in cases]
        for name in SEED_TESTS:
            self.assertIn(name, names)
        self.assertEqual(root.findall(".//failure"), [])
        doc = self.json_run(RULES_DIR, SCHEMAS_DIR)
        self.assertEqual(len(cases), doc["summary"]["passed"])

    def test_junit_format_reports_failures(self):
        path, line = self.broken_copy()
        p = ruletest("--format", "junit", path, K8S_SHARED, SCHEMAS_DIR)
        self.assertExit(p, 1)
        root = ET.fromstring(p.stdout_text)
        failed = {c.get("name"): c.find("failure") for c in root.findall(".//testcase") if c.find("failure") is not None}
        self.assertIn("EKS client certificate CSR created", failed)
        self.assertNotIn("Get CSR (not creation)", failed)
        self.assertIn(f"{path}:{line}", failed["EKS client certificate CSR created"].get("message")
                      + (failed["EKS client certificate CSR created"].text or ""))

    # ---- selection ----

    def test_filter_rule_id(self):
        paths = self.workspace()
        rules, models = self.selected(self.json_run(*paths, "--filter", f"RuleID={CSR_RULE_ID}"))
        self.assertEqual(rules, {CSR_RULE_ID})
        self.assertEqual(models, set())
        rules, _ = self.selected(self.json_run(*paths, "--filter", "RuleID=Test.Extra"))
        self.assertEqual(rules, {"Test.Extra"})

    def test_filter_tags_with_comma_values_is_or(self):
        paths = self.workspace()
        rules, _ = self.selected(self.json_run(*paths, "--filter", "Tags=Kubernetes,Nope"))
        self.assertEqual(rules, pack_rule_ids())
        # One KEY=VALUE per --filter: the paths after it stay paths.
        rules, _ = self.selected(self.json_run("--filter", "Tags=Kubernetes,Nope", *paths))
        self.assertEqual(rules, pack_rule_ids())
        rules, _ = self.selected(self.json_run(*paths, "--filter", "Tags=Custom,Kubernetes"))
        self.assertEqual(rules, pack_rule_ids() | {"Test.Extra"})
        doc = self.json_run(*paths, "--filter", "Tags=Nope")
        self.assertEqual(self.selected(doc), (set(), set()))
        self.assertEqual(doc["summary"]["passed"], 0)

    def test_two_filters_are_and(self):
        paths = self.workspace()
        rules, _ = self.selected(self.json_run(*paths, "--filter", "Tags=Custom,Persistence", "--filter", "Severity=High"))
        self.assertEqual(rules, {"Test.Extra", "Kubernetes.AdminRole.Created", "Kubernetes.AdminRoleBinding.Created"})
        rules, _ = self.selected(self.json_run(*paths, "--filter", "Tags=Custom,Kubernetes", "--filter", "Severity=Info"))
        self.assertEqual(rules, {CSR_RULE_ID})  # the pack's one Info rule
        rules, _ = self.selected(self.json_run(*paths, "--filter", "Tags=Custom", "--filter", "Severity=Info"))
        self.assertEqual(rules, set())

    def test_filter_log_types(self):
        paths = self.workspace()
        rules, models = self.selected(self.json_run(*paths, "--filter", "LogTypes=Amazon.EKS.Audit"))
        self.assertEqual(rules, pack_rule_ids())
        self.assertEqual(models, {"Vigil.Amazon.EKS.Audit.Kubernetes"})
        rules, models = self.selected(self.json_run(*paths, "--filter", "LogTypes=Test.App"))
        self.assertEqual((rules, models), ({"Test.Extra"}, set()))

    def test_bad_filter_is_a_usage_error(self):
        for f in ("Colour=red", "RuleID", "RuleID="):
            with self.subTest(filter=f):
                p = ruletest("--filter", f, RULES_DIR, SCHEMAS_DIR)
                self.assertExit(p, 2)
                self.assertIn("--filter", p.stderr_text)

    def test_test_option_runs_only_the_named_test(self):
        doc = self.json_run(RULES_DIR, SCHEMAS_DIR, "--test", "Get CSR (not creation)")
        names = [t["name"] for r in doc["rules"] for t in r["tests"]] + [t["name"] for m in doc["datamodels"] for t in m["tests"]]
        self.assertEqual(names, ["Get CSR (not creation)"])
        self.assertEqual(doc["summary"], {"passed": 1, "failed": 0, "errors": 0})
        p = ruletest(RULES_DIR, SCHEMAS_DIR, "--test", "EKS client certificate CSR created")
        self.assertExit(p, 0)
        self.assertEqual(re.findall(r"^  \[(?:PASS|FAIL)\] (.*)$", p.stdout_text, re.M), ["EKS client certificate CSR created"])
        self.assertIn("Summary: 1 passed, 0 failed, 0 errors", p.stdout_text)

    def test_test_option_naming_no_test_fails(self):
        p = ruletest(RULES_DIR, SCHEMAS_DIR, "--test", "EKS client certificate CSR creatd")
        self.assertExit(p, 1)
        self.assertIn("ruletest: no test named 'EKS client certificate CSR creatd'", p.stderr_text)

    def test_show_failures_only(self):
        p = ruletest("--show-failures-only", RULES_DIR, SCHEMAS_DIR)
        self.assertExit(p, 0)
        self.assertNotIn("[PASS]", p.stdout_text)
        self.assertNotIn("[FAIL]", p.stdout_text)
        self.assertIn("Summary: ", p.stdout_text)
        path, _ = self.broken_copy()
        p = ruletest("--show-failures-only", path, K8S_SHARED, SCHEMAS_DIR)
        self.assertExit(p, 1)
        self.assertNotIn("[PASS]", p.stdout_text)
        self.assertIn("  [FAIL] EKS client certificate CSR created\n", p.stdout_text)
        self.assertNotIn("Get CSR (not creation)", p.stdout_text)
        doc = self.json_run("--show-failures-only", path, K8S_SHARED, SCHEMAS_DIR, code=1)
        self.assertTrue(all(not t["passed"] for r in doc["rules"] for t in r["tests"]))
        self.assertGreater(doc["summary"]["passed"], 0)

    def test_minimum_tests(self):
        p = ruletest("--minimum-tests", "100", RULES_DIR, SCHEMAS_DIR)
        self.assertExit(p, 1)
        self.assertIn("--minimum-tests requires 100", p.stdout_text)
        self.assertRegex(p.stdout_text, rf"Summary: \d+ passed, {PACK_RULES} failed, 0 errors")
        self.assertExit(ruletest("--minimum-tests", "6", RULES_DIR, SCHEMAS_DIR), 0)  # the pack's own bar
        # Enough tests but all of one kind also fails.
        only_true = EXTRA_RULE.split("  - Name: a logout does not")[0]
        write(self.path("one_kind.yml"), only_true)
        p = ruletest("--minimum-tests", "1", self.path("one_kind.yml"))
        self.assertExit(p, 1)
        self.assertIn("needs at least one true and one false test", p.stdout_text)

    # ---- failure explanations ----

    def test_broken_copy_fails_naming_the_deciding_condition_and_its_line(self):
        path, line = self.broken_copy()
        with open(CSR_RULE) as f:
            shipped = next(n for n, l in enumerate(f.read().splitlines(), 1) if 'verb eq "create" and resource' in l)
        self.assertEqual(line, shipped + 2)  # two comment lines down
        p = ruletest(path, K8S_SHARED, SCHEMAS_DIR)
        self.assertExit(p, 1)
        out = p.stdout_text
        self.assertIn("  [FAIL] EKS client certificate CSR created\n", out)
        self.assertIn(f'condition 1 at {path}:{line}:5 was false: verb eq "creat" and resource eq "certificatesigningrequests"', out)
        self.assertIn('      read verb = "create"', out)
        # The false seed tests still pass: the broken condition only removes matches.
        for name in SEED_TESTS[4:]:
            self.assertIn(f"  [PASS] {name}\n", out)

        doc = self.json_run(path, K8S_SHARED, SCHEMAS_DIR, code=1)
        tests = {t["name"]: t for t in doc["rules"][0]["tests"]}
        failing = [t for t in tests.values() if not t["passed"]]
        self.assertEqual({t["name"] for t in failing}, {t["name"] for t in tests.values() if t["expected"] is True})
        for t in failing:
            self.assertEqual((t["expected"], t["actual"]), (True, False))
            self.assertIn(f"{path}:{line}:", t["reason"])
            self.assertIn('verb eq "creat"', t["reason"])
        self.assertEqual(doc["summary"]["failed"], len(failing))
        self.assertEqual(doc["summary"]["errors"], 0)

    def test_broken_exclusion_is_named_with_its_line(self):
        with open(CSR_RULE) as f:
            text = f.read()
        old = 'username eq "kubelet-nodepool-bootstrap"'
        self.assertEqual(text.count(old), 1)
        text = text.replace(old, old.replace(" eq ", " ne "))
        path = write(self.path("excl", "rule.yml"), text)
        line = next(n for n, l in enumerate(text.splitlines(), 1) if 'username ne "kubelet-nodepool-bootstrap"' in l)
        doc = self.json_run(path, K8S_SHARED, SCHEMAS_DIR, code=1)
        eks = {t["name"]: t for t in doc["rules"][0]["tests"]}["EKS client certificate CSR created"]
        self.assertFalse(eks["passed"])
        self.assertIn("node bootstrap", eks["reason"])
        self.assertIn(f"{path}:{line}:", eks["reason"])

    def test_wrong_expected_title_shows_expected_and_actual(self):
        with open(CSR_RULE) as f:
            text = f.read()
        text = text.replace("AlertTitle: '[", "AlertTitle: 'X[", 1)
        path = write(self.path("title", "rule.yml"), text)
        doc = self.json_run(path, K8S_SHARED, SCHEMAS_DIR, code=1)
        eks = {t["name"]: t for t in doc["rules"][0]["tests"]}["EKS client certificate CSR created"]
        self.assertFalse(eks["passed"])
        self.assertEqual(eks["title"], "X[attacker@example.com] created client certificate signing request [malicious-csr]")
        self.assertIn('expected "[attacker@example.com] created client certificate signing request [malicious-csr]"', eks["reason"])
        self.assertIn('got "X[attacker@example.com]', eks["reason"])

    def test_load_error_counts_as_error_and_exits_1(self):
        write(self.path("bad", "bad.yml"), "AnalysisType: rule\nRuleID: Test.Bad\nLogTypes: [Test.App]\nSeverity: Low\n"
                                           "Condition: action equals \"x\"\n")
        p = ruletest("--format", "json", self.path("bad"))
        self.assertExit(p, 1)
        self.assertIn(f"{self.path('bad', 'bad.yml')}:5:19: error: unknown operator 'equals'", p.stderr_text)
        self.assertGreaterEqual(json.loads(p.stdout_text)["summary"]["errors"], 1)


    # ---- coverage ----

    def readme_pack_coverage(self):
        """The pack coverage figure the README states ('Pack coverage: 92.7% (...)')."""
        with open(os.path.join(os.path.dirname(K8S_DIR), "..", "README.md"), encoding="utf-8") as f:
            m = re.search(r"^Pack coverage: ([0-9.]+)% \((\d+)/(\d+) outcomes, (\d+) rules\)", f.read(), re.M)
        self.assertIsNotNone(m, "the README states the pack's coverage")
        return float(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4))

    def test_pack_coverage_is_at_least_the_readme_figure(self):
        figure, covered, total, rules = self.readme_pack_coverage()
        p = ruletest("--coverage-min", str(figure))
        self.assertExit(p, 0)
        m = re.search(r"^Coverage: ([0-9.]+)% \((\d+)/(\d+) outcomes, (\d+) rules\)$", p.stdout_text, re.M)
        self.assertIsNotNone(m, p.stdout_text[-2000:])
        self.assertEqual(int(m.group(4)), PACK_RULES)
        self.assertGreaterEqual(float(m.group(1)), figure)
        # Raised by more tests: fine; the README's outcome count still names this pack.
        self.assertEqual(int(m.group(3)), total, "the pack's points changed: measure again and update the README figure")
        p = ruletest("--coverage-min", "100")
        self.assertExit(p, 1)
        self.assertIn(f"is below --coverage-min 100", p.stderr_text)

    def test_coverage_lists_what_the_tests_never_did_with_positions(self):
        rule = EXTRA_RULE.replace('Condition: action eq "login"', 'Condition: action eq "login" and user ne "root"')
        rule = rule.replace("AlertTitle:", 'DynamicSeverities:\n  - Condition: user eq "bob"\n    Severity: Low\nAlertTitle:')
        path = write(self.path("extra.yml"), rule)
        p = ruletest("--coverage", path)
        self.assertExit(p, 0)
        out = p.stdout_text
        self.assertIn("Test.Extra  71.4% (5/7 outcomes, 2 test events)", out)
        self.assertIn(f'never false: comparison at {path}:6:34: user ne "root"', out)
        self.assertIn(f'never taken: severity at {path}:8:16: user eq "bob"', out)
        self.assertIn("Coverage: 71.4% (5/7 outcomes, 1 rule)", out)
        doc = self.json_run("--coverage", path)
        cov = doc["rules"][0]["coverage"]
        self.assertEqual((cov["covered"], cov["total"], cov["events"]), (5, 7, 2))
        kinds = [(pt["kind"], pt["text"], pt["seen_true"], pt["seen_false"]) for pt in cov["points"]]
        self.assertEqual(kinds, [("condition", 'action eq "login" and user ne "root"', True, True),
                                 ("comparison", 'action eq "login"', True, True),
                                 ("comparison", 'user ne "root"', True, False),
                                 ("severity", 'user eq "bob"', False, False)])
        self.assertEqual(doc["summary"]["coverage"]["total"], 7)
        self.assertExit(ruletest("--coverage-min", "71.4", path), 0)
        self.assertExit(ruletest("--coverage-min", "72", path), 1)
        # --test: the coverage of that test alone (the login test: the condition never false)
        doc = self.json_run("--coverage", "--test", "a login alerts", path)
        self.assertEqual((doc["rules"][0]["coverage"]["covered"], doc["rules"][0]["coverage"]["events"]), (3, 1))
        # a filter that selects nothing does not pass the gate
        p = ruletest("--coverage-min", "50", "--filter", "RuleID=No.Such", path)
        self.assertExit(p, 1)
        self.assertIn("no rule was selected", p.stderr_text)

    def test_ruletest_usage_errors_exit_2(self):
        for args in (["--coverag"], ["--format", "xml"], ["--coverage-min", "abc"]):
            with self.subTest(args=args):
                self.assertExit(ruletest(*args), 2)


if __name__ == "__main__":
    unittest.main()
