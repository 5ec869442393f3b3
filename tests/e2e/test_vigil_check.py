"""End-to-end tests of `vigil check`: validation of rules, data models and packs without running."""

import os
import shutil
import sys
import unittest
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import CSR_RULE, K8S_DIR, PACK_RULES, RULES_DIR, SCHEMAS_DIR, VIGIL, TempDirTest, run, vigil, write  # noqa: E402

TYPO_RULE = """AnalysisType: rule
RuleID: Test.Typo
LogTypes: [Amazon.EKS.Audit]
Severity: Low
Condition: verb eq "create" and usernmae eq "bob"
Tests:
  - Name: a create by someone else
    ExpectedResult: false
    Log: {p_log_type: Amazon.EKS.Audit, verb: create, user: {username: alice}}
"""

BAD_OPERATOR_RULE = """AnalysisType: rule
RuleID: Test.BadOperator
LogTypes: [Amazon.EKS.Audit]
Severity: Low
Condition: verb equals "get"
"""

BAD_SEVERITY_AND_PAREN_RULE = """AnalysisType: rule
RuleID: Test.TwoProblems
LogTypes: [Amazon.EKS.Audit]
Severity: Lowish
Condition: verb eq "get" and (
"""

MISSING_ID_PACK = """AnalysisType: pack
PackID: Test.Pack
DisplayName: A pack naming a missing rule
PackDefinition:
  IDs: [Test.NoSuchRule]
"""


MIXED_MODEL = """AnalysisType: datamodel
DataModelID: Test.Mixed.A
LogTypes: [Test.A]
Mappings:
  stage: inner.stage
  verb: inner.verb
"""

MIXED_RULE = """AnalysisType: rule
RuleID: Test.Mixed
LogTypes: [Test.A, Test.B]
Severity: Low
Condition: stage eq "ResponseStarted" and verb eq "get"
AlertTitle: '{stage}'
"""


class CheckTest(TempDirTest):

    def test_a_name_defined_on_some_log_types_and_raw_on_others_is_a_warning(self):
        # The shape of ../shared/field-cases/aks-unmapped-stage: `stage` was the EKS event's own field
        # and a (missing) field of the Azure envelope, so the same rule meant two things.
        d = self.path("mixed")
        write(os.path.join(d, "model.yml"), MIXED_MODEL)
        rule = write(os.path.join(d, "rule.yml"), MIXED_RULE)
        p = vigil("check", d)
        self.assertExit(p, 0)
        for name, col in (("stage", 12), ("verb", 43)):
            msg = (f"{rule}:5:{col}: warning[V104]: rule 'Test.Mixed' reads '{name}', a data-model field on Test.A but a raw path on "
                   "Test.B: it means different things per log type")
            self.assertIn(msg, p.stderr_text)
        self.assertEqual(p.stderr_text.count("it means different things"), 2)  # once per name, not per use
        self.assertNotIn("(a typo?)", p.stderr_text)
        self.assertExit(vigil("check", "--warnings-as-errors", d), 1)
        # Every name of the bundled Kubernetes view is defined on all three log types: no warning.
        probe = write(os.path.join(self.path("probe"), "probe.yml"), MIXED_RULE.replace("[Test.A, Test.B]",
                      "[Amazon.EKS.Audit, Azure.MonitorActivity, GCP.AuditLog]").replace("Test.Mixed", "Test.Probe"))
        p = vigil("check", probe, SCHEMAS_DIR)
        self.assertExit(p, 0)
        self.assertNotIn("it means different things", p.stderr_text)
        self.assertNotIn("(a typo?)", p.stderr_text)

    def summary(self, p):
        lines = [l for l in p.stderr_text.splitlines() if l.startswith("vigil check: ")]
        self.assertEqual(len(lines), 1, p.stderr_text)
        return lines[0]

    def test_bundled_packs_are_clean(self):
        for args in ([], [RULES_DIR, SCHEMAS_DIR]):
            with self.subTest(args=args):
                p = vigil("check", *args)
                self.assertExit(p, 0)
                files = sum(1 for n in os.listdir(K8S_DIR) if n.endswith(".yml")) + 3
                self.assertEqual(self.summary(p), f"vigil check: {files} files: {PACK_RULES} rules, 3 data models, 1 packs; 0 errors, 0 warnings; 7 suppressed")
                self.assertNotIn("warning:", p.stderr_text)
                self.assertNotIn("error:", p.stderr_text)

    def test_bundled_packs_are_clean_with_warnings_as_errors(self):
        p = vigil("check", "--warnings-as-errors", RULES_DIR, SCHEMAS_DIR)
        self.assertExit(p, 0)

    def test_typo_field_is_a_warning_with_its_position(self):
        rule = write(self.path("typo.yml"), TYPO_RULE)
        p = vigil("check", SCHEMAS_DIR, rule)
        self.assertExit(p, 0)
        self.assertIn(f"{rule}:5:33: warning[V103]: rule 'Test.Typo' reads 'usernmae'", p.stderr_text)
        self.assertIn('    5 | Condition: verb eq "create" and usernmae eq "bob"', p.stderr_text)
        self.assertIn("      |                                 ^", p.stderr_text)
        self.assertTrue(self.summary(p).endswith("0 errors, 1 warnings"))
        # Fields the data model defines (verb) are not flagged.
        self.assertNotIn("reads 'verb'", p.stderr_text)

    def test_typo_field_fails_with_warnings_as_errors(self):
        rule = write(self.path("typo.yml"), TYPO_RULE)
        p = vigil("check", "--warnings-as-errors", SCHEMAS_DIR, rule)
        self.assertExit(p, 1)
        self.assertIn(f"{rule}:5:33: warning[V103]: ", p.stderr_text)

    def test_field_present_in_a_test_log_is_not_a_typo(self):
        rule = write(self.path("raw.yml"), TYPO_RULE.replace("usernmae", "p_source_label")
                     .replace("user: {username: alice}", "p_source_label: eks"))
        p = vigil("check", "--warnings-as-errors", SCHEMAS_DIR, rule)
        self.assertExit(p, 0)

    def test_names_that_are_not_event_fields_are_not_typos(self):
        # A quantifier's variable, a Let name and the name inside macro(...)/list(...) are not read
        # from the event; a macro's arguments are, so a typo there is still found.
        rule = write(self.path("names.yml"), """AnalysisType: macro
MacroID: is_admin
Parameters: [who]
Expression: who eq "admin"
---
AnalysisType: list
ListID: bad_verbs
Items: [delete]
---
AnalysisType: rule
RuleID: Test.Names
LogTypes: [Amazon.EKS.Audit]
Severity: Low
Let:
  touched: coalesce(name, namespace)
Condition: >-
  any(sourceIPs, ip, not is_private_ip(ip)) and verb in list(bad_verbs) and touched is_not_null
  and (macro(is_admin(username)) or macro(is_admin(usernmae)))
""")
        p = vigil("check", SCHEMAS_DIR, rule)
        self.assertExit(p, 0)
        self.assertIn("reads 'usernmae'", p.stderr_text)
        for name in ("ip", "touched", "bad_verbs", "is_admin"):
            self.assertNotIn(f"reads '{name}'", p.stderr_text)
        self.assertIn("rule 'Test.Names' has no tests", p.stderr_text)
        self.assertTrue(self.summary(p).endswith("0 errors, 2 warnings"), p.stderr_text)

    def test_a_rule_without_tests_and_a_test_of_another_log_type_are_warnings(self):
        rule = write(self.path("lint.yml"), """AnalysisType: rule
RuleID: Test.Untested
LogTypes: [Amazon.EKS.Audit]
Severity: Low
Condition: verb eq "delete"
---
AnalysisType: rule
RuleID: Test.WrongType
LogTypes: [Amazon.EKS.Audit]
Severity: Low
Condition: verb eq "delete"
Tests:
  - Name: an AKS record
    ExpectedResult: true
    Log: {p_log_type: Azure.MonitorActivity, verb: delete}
  - Name: a sequence with one GKE entry
    ExpectedResult: false
    Logs:
      - {p_log_type: Amazon.EKS.Audit, verb: get}
      - {p_log_type: GCP.AuditLog, verb: get}
""")
        p = vigil("check", SCHEMAS_DIR, rule)
        self.assertExit(p, 0)
        err = p.stderr_text
        self.assertIn(f"{rule}:2:9: warning[V101]: rule 'Test.Untested' has no tests", err)
        self.assertIn(f"{rule}:13:5: warning[V102]: test 'an AKS record' of rule 'Test.WrongType' has a log of p_log_type "
                      "'Azure.MonitorActivity', not one of the rule's LogTypes", err)
        self.assertIn("test 'a sequence with one GKE entry' of rule 'Test.WrongType' has a log of p_log_type 'GCP.AuditLog'", err)
        self.assertTrue(self.summary(p).endswith("0 errors, 3 warnings"), self.summary(p))
        self.assertExit(vigil("check", "--warnings-as-errors", SCHEMAS_DIR, rule), 1)

    def test_unknown_operator_is_an_error_with_a_caret(self):
        rule = write(self.path("badop.yml"), BAD_OPERATOR_RULE)
        p = vigil("check", SCHEMAS_DIR, rule)
        self.assertExit(p, 1)
        self.assertIn(f"{rule}:5:17: error: unknown operator 'equals'", p.stderr_text)
        lines = p.stderr_text.splitlines()
        i = next(n for n, l in enumerate(lines) if l.startswith(f"{rule}:5:17: error"))
        self.assertEqual(lines[i + 1], '    5 | Condition: verb equals "get"')
        self.assertEqual(lines[i + 2], "      |                 ^")
        self.assertTrue(self.summary(p).endswith("1 errors, 0 warnings"))

    def test_every_diagnostic_of_several_broken_files_is_printed(self):
        bad = self.path("bad")
        a = write(os.path.join(bad, "a_badop.yml"), BAD_OPERATOR_RULE)
        b = write(os.path.join(bad, "b_two.yml"), BAD_SEVERITY_AND_PAREN_RULE)
        c = write(os.path.join(bad, "c_typo.yml"), TYPO_RULE)
        d = write(os.path.join(bad, "d_pack.yml"), MISSING_ID_PACK)
        p = vigil("check", SCHEMAS_DIR, bad)
        self.assertExit(p, 1)
        err = p.stderr_text
        self.assertIn(f"{a}:5:17: error: unknown operator 'equals'", err)
        self.assertIn(f"{b}:4:11: error: bad Severity 'Lowish'", err)
        self.assertIn(f"{b}:5:31: error: ", err)
        self.assertIn(f"{c}:5:33: warning[V103]: ", err)
        self.assertIn(f"{d}:", err)
        self.assertIn("Test.NoSuchRule", err)
        self.assertTrue(self.summary(p).endswith("4 errors, 1 warnings"), self.summary(p))

    def test_broken_copy_of_the_bundled_rule_is_an_error(self):
        copy = self.path("k8s")
        shutil.copytree(K8S_DIR, copy)
        rule = os.path.join(copy, os.path.basename(CSR_RULE))
        with open(rule) as f:
            text = f.read()
        write(rule, text.replace("Severity: Info\n", "Severity: Informational\n", 1))
        line = text.splitlines().index("Severity: Info") + 1
        p = vigil("check", copy, SCHEMAS_DIR)
        self.assertExit(p, 1)
        self.assertIn(f"{rule}:{line}:11: error: bad Severity 'Informational'", p.stderr_text)

    def test_broken_links_in_a_rule_folder_are_errors_with_their_paths(self):
        # Once skipped in silence: a rule behind a dangling or looping link was simply not loaded.
        d = self.path("rules")
        shutil.copytree(K8S_DIR, d)
        dangling = os.path.join(d, "gone.yml")
        os.symlink(os.path.join(d, "no-such-rule.yml"), dangling)
        loop_a, loop_b = os.path.join(d, "loop_a.yml"), os.path.join(d, "loop_b.yml")
        os.symlink(loop_b, loop_a)
        os.symlink(loop_a, loop_b)
        os.symlink(os.path.basename(CSR_RULE), os.path.join(d, "linked_copy_is_fine.yaml"))
        p = vigil("check", d, SCHEMAS_DIR)
        self.assertExit(p, 1)
        err = p.stderr_text
        self.assertIn(f"{dangling}: error: broken symbolic link: No such file or directory", err)
        self.assertIn(f"{loop_a}: error: broken symbolic link: Too many levels of symbolic links", err)
        self.assertIn(f"{loop_b}: error: broken symbolic link: Too many levels of symbolic links", err)
        self.assertNotIn("linked_copy_is_fine.yaml: error: broken", err)  # a working link is loaded
        self.assertIn("Kubernetes.ClientCertificate.Created", err)        # ...as a duplicate RuleID
        # The rest of the folder is still loaded and checked.
        self.assertIn("3 data models, 1 packs", self.summary(p))

    def test_an_unreadable_rule_folder_is_an_error_with_its_path(self):
        d = self.path("rules")
        shutil.copytree(K8S_DIR, d)
        locked = os.path.join(d, "locked")
        write(os.path.join(locked, "hidden.yml"), TYPO_RULE)
        os.chmod(locked, 0)
        self.addCleanup(os.chmod, locked, 0o755)
        shipped = sum(1 for n in os.listdir(K8S_DIR) if n.endswith(".yml"))
        if os.geteuid() == 0:
            # Root reads every folder (CI runs as root): run vigil as nobody instead, with the
            # temporary folders (not the locked one) opened to it.
            if not shutil.which("setpriv"):
                self.skipTest("running as root without setpriv")
            path = self.path()
            while path != os.path.dirname(path):
                if path.startswith(tempfile.gettempdir() + os.sep):
                    os.chmod(path, 0o755)
                path = os.path.dirname(path)
            p = run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", VIGIL, "check", d, SCHEMAS_DIR])
        else:
            p = vigil("check", d, SCHEMAS_DIR)
        self.assertExit(p, 1)
        self.assertIn(f"{locked}: error: cannot read folder: Permission denied", p.stderr_text)
        self.assertTrue(self.summary(p).startswith(f"vigil check: {shipped + 3} files: "), self.summary(p))


if __name__ == "__main__":
    unittest.main()
