"""`vigil explain` and `ruletest --explain`: goldens on the seed's nine events (the CSR rule's seed tests,
text and JSON, run from the source tree so paths are relative), events from NDJSON input, and the
explanation agreeing with what ruletest and the run decide.

To regenerate the goldens after an intended change:
    VIGIL_UPDATE_GOLDEN=1 VIGIL_BIN=build/bin/vigil RULETEST_BIN=build/bin/ruletest python3 tests/e2e/test_explain.py
then read the diff (git diff tests/explain) before committing it.
"""

import json
import os
import unittest

from e2e_support import CSR_RULE_ID, SOURCE_DIR, TempDirTest, ruletest, vigil, write

EXPLAIN_DIR = os.path.join(SOURCE_DIR, "tests", "explain")
# The seed's nine events: the CSR rule's seed tests (../shared/reference/csr-rule.md), with what each must decide.
SEED = [
    ("EKS client certificate CSR created", "match"),
    ("AKS client certificate CSR created", "match"),
    ("GKE client certificate CSR created", "match"),
    ("Service account creating certificate (higher severity)", "match"),
    ("System principal creating certificate (excluded)", "excluded"),
    ("AKS node bootstrap CSR (excluded)", "excluded"),
    ("Failed CSR creation (excluded)", "no match"),
    ("Server auth certificate (not client auth)", "no match"),
    ("Get CSR (not creation)", "no match"),
]


def explain_seed(fmt):
    args = ["explain", "--rules", "rules", "--rules", "schemas", "--rule", CSR_RULE_ID, "--format", fmt]
    for name, _ in SEED:
        args += ["--test", name]
    return vigil(*args, cwd=SOURCE_DIR)


class ExplainTest(TempDirTest):
    def golden(self, name, text):
        path = os.path.join(EXPLAIN_DIR, name)
        if os.environ.get("VIGIL_UPDATE_GOLDEN"):
            write(path, text)
        with open(path, encoding="utf-8") as f:
            self.assertEqual(text, f.read())

    def test_seed_events_text_golden(self):
        p = explain_seed("text")
        self.assertExit(p, 0)
        self.golden("seed_csr.txt", p.stdout_text)
        for name, decision in SEED:
            self.assertIn(f"test '{name}' of {CSR_RULE_ID}", p.stdout_text)

    def test_seed_events_json_golden_and_decisions(self):
        p = explain_seed("json")
        self.assertExit(p, 0)
        self.golden("seed_csr.json", p.stdout_text)
        events = json.loads(p.stdout_text)["events"]
        self.assertEqual([e["source"]["test"] for e in events], [n for n, _ in SEED])
        for (name, decision), e in zip(SEED, events):
            with self.subTest(test=name):
                rules = e["explanation"]["rules"]
                self.assertEqual([r["rule_id"] for r in rules], [CSR_RULE_ID])
                r = rules[0]
                self.assertEqual(r["decision"], decision)
                self.assertEqual(r["outputs"] is not None, decision == "match")
                # The decision follows from the values shown: a match has every condition true and no
                # exclusion true; an exclusion decides only after every condition held.
                conditions = [c["value"] for c in r["conditions"]]
                fired = [x["name"] for x in r["exclusions"] if x["value"]]
                if decision == "match":
                    self.assertTrue(all(conditions))
                    self.assertEqual(fired, [])
                elif decision == "excluded":
                    self.assertTrue(all(conditions))
                    self.assertTrue(fired)
                else:
                    self.assertFalse(all(conditions))
                    first_false = conditions.index(False)
                    self.assertTrue(all(c["evaluated"] == (i <= first_false) for i, c in enumerate(r["conditions"])))
                for c in r["conditions"]:
                    self.assertTrue(c["file"].startswith("rules/kubernetes/"), c["file"])
                    self.assertGreater(c["line"], 0)
                if decision == "match":
                    self.assertTrue(r["index_candidate"])

    def test_events_from_ndjson_with_their_lines(self):
        path = write(self.path("events.ndjson"),
                     '{"p_log_type":"Amazon.EKS.Audit","verb":"create","objectRef":{"resource":"certificatesigningrequests","name":"x"},'
                     '"user":{"username":"eve"},"responseStatus":{"code":201},"requestObject":{"spec":{"usages":["client auth"]}}}\n'
                     "\n"
                     '{"p_log_type":"Amazon.EKS.Audit","verb":"get","objectRef":{"resource":"pods"}}\n'
                     '{"broken": \n'
                     '{"verb":"get"}\n')
        p = vigil("explain", "--rule", CSR_RULE_ID, "--format", "json", path)
        self.assertExit(p, 0)
        events = json.loads(p.stdout_text)["events"]
        self.assertEqual([e["source"]["line"] for e in events], [1, 3, 4, 5])
        ex = [e["explanation"] for e in events]
        self.assertEqual(ex[0]["rules"][0]["decision"], "match")
        self.assertEqual(ex[0]["rules"][0]["outputs"]["title"], "[eve] created client certificate signing request [x]")
        self.assertFalse(ex[0]["prefilter"]["skips"])
        # a get of pods: the prefilter would not even parse it, and the index would not offer the rule
        self.assertTrue(ex[1]["prefilter"]["skips"])
        self.assertEqual(ex[1]["rules"][0]["decision"], "no match")
        self.assertFalse(ex[1]["rules"][0]["index_candidate"])
        self.assertEqual(ex[2]["status"], "invalid_json")
        self.assertEqual(ex[3]["status"], "missing_log_type")
        # text output names each line
        p = vigil("explain", "--rule", CSR_RULE_ID, path)
        self.assertExit(p, 0)
        self.assertIn(f"{path}:1\n", p.stdout_text)
        self.assertIn("  Kubernetes.ClientCertificate.Created: match", p.stdout_text)
        self.assertIn("  invalid JSON: ", p.stdout_text)

    def test_unknown_rule_and_test_are_errors(self):
        p = vigil("explain", "--rule", "No.Such.Rule", "--tests")
        self.assertExit(p, 1)
        self.assertIn("no loaded rule has RuleID 'No.Such.Rule'", p.stderr_text)
        p = vigil("explain", "--rule", CSR_RULE_ID, "--test", "no such test")
        self.assertExit(p, 1)
        self.assertIn("no selected rule has a test named 'no such test'", p.stderr_text)
        p = vigil("explain", "--rule", CSR_RULE_ID, "--tests", os.path.join(SOURCE_DIR, "rules", "kubernetes", "examples", "k8s_audit_events.ndjson"))
        self.assertExit(p, 1)
        self.assertIn("event files are not read with them", p.stderr_text)

    def test_ruletest_explain_prints_the_tree_for_a_failing_test(self):
        with open(os.path.join(SOURCE_DIR, "rules", "kubernetes", "k8s_client_certificate_created.yml")) as f:
            text = f.read().replace('verb eq "create" and resource', 'verb eq "creat" and resource')
        broken = write(self.path("broken.yml"), text)
        p = ruletest("--explain", "--show-failures-only", broken, os.path.join(SOURCE_DIR, "rules", "kubernetes", "k8s_shared.yml"),
                     os.path.join(SOURCE_DIR, "schemas"))
        self.assertExit(p, 1)
        self.assertIn("explained:", p.stdout_text)
        self.assertIn("Kubernetes.ClientCertificate.Created: no match", p.stdout_text)
        self.assertIn('false  51:5  verb eq "creat"', p.stdout_text)
        self.assertIn('read verb = "create"', p.stdout_text)


if __name__ == "__main__":
    unittest.main()
