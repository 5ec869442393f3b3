"""`vigil check`'s lint: one golden file per lint code (tests/lint/<CODE>_<name>.yml and .expected, the
text output byte for byte, run from the source tree so paths are relative), in-file suppression,
--error-on, and the JSON and SARIF formats.

To regenerate the .expected files after an intended change of messages or positions:
    VIGIL_UPDATE_GOLDEN=1 VIGIL_BIN=build/bin/vigil python3 tests/e2e/test_lint.py
then read every changed file (git diff tests/lint) before committing it.
"""

import glob
import json
import os
import unittest

from e2e_support import SOURCE_DIR, TempDirTest, vigil

LINT_DIR = os.path.join(SOURCE_DIR, "tests", "lint")
CODES = ["V100", "V101", "V102", "V103", "V104", "V105", "V106", "V107", "V108"]


def check(*args):
    return vigil("check", *args, cwd=SOURCE_DIR)


class LintGoldenTest(TempDirTest):
    def test_every_lint_code_has_a_golden_file_and_each_matches(self):
        cases = sorted(glob.glob(os.path.join(LINT_DIR, "*.yml")))
        for code in CODES:
            self.assertTrue(any(os.path.basename(c).startswith(code + "_") for c in cases), f"no golden case for {code}")
        for case in cases:
            rel = os.path.relpath(case, SOURCE_DIR)
            with self.subTest(case=rel):
                p = check("schemas", rel)
                self.assertExit(p, 0)  # warnings only
                expected_path = case[:-4] + ".expected"
                if os.environ.get("VIGIL_UPDATE_GOLDEN"):
                    with open(expected_path, "w", encoding="utf-8") as f:
                        f.write(p.stderr_text)
                with open(expected_path, encoding="utf-8") as f:
                    self.assertEqual(p.stderr_text, f.read())
                code = os.path.basename(case)[:4]
                if code in CODES:
                    self.assertIn(f"warning[{code}]", p.stderr_text)

    def test_error_on_makes_a_code_an_error(self):
        case = "tests/lint/V108_regex_of_plain_text.yml"
        p = check("--error-on", "V108", "schemas", case)
        self.assertExit(p, 1)
        self.assertIn(f"{case}:6:5: error[V108]: ", p.stderr_text)
        self.assertIn("4 errors, 0 warnings", p.stderr_text)
        # Other codes stay warnings; several codes, comma-separated.
        p = check("--error-on", "V101,V107", "schemas", case)
        self.assertExit(p, 0)
        p = check("--error-on", "V999", "schemas", case)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("unknown lint code 'V999'", p.stderr_text)

    def test_json_format(self):
        p = check("--format", "json", "schemas", "tests/lint/V105_constant_condition.yml", "tests/lint/suppressed_with_reason.yml")
        self.assertExit(p, 0)
        doc = json.loads(p.stdout_text)
        self.assertEqual([(d["level"], d["code"], d["file"], d["line"], d["column"]) for d in doc["diagnostics"]],
                         [("warning", "V105", "tests/lint/V105_constant_condition.yml", 7, 5),
                          ("warning", "V105", "tests/lint/V105_constant_condition.yml", 10, 16)])
        self.assertEqual(doc["summary"], {"files": 5, "rules": 2, "data_models": 3, "packs": 0, "errors": 0, "warnings": 2, "suppressed": 2})
        # A load error has no code.
        bad = os.path.join(self.tmp, "bad.yml")
        with open(bad, "w") as f:
            f.write("AnalysisType: rule\nRuleID: Bad\nLogTypes: [Amazon.EKS.Audit]\nSeverity: Low\nCondition: verb equals \"get\"\n")
        p = vigil("check", "--format", "json", bad)
        self.assertExit(p, 1)
        d = json.loads(p.stdout_text)["diagnostics"][0]
        self.assertEqual((d["level"], d["code"], d["line"], d["column"]), ("error", None, 5, 17))

    def test_sarif_format_is_sarif_2_1_0(self):
        p = check("--format", "sarif", "schemas", "tests/lint/V106_field_no_test_log_holds.yml", "tests/lint/V101_rule_without_tests.yml")
        self.assertExit(p, 0)
        doc = json.loads(p.stdout_text)
        self.assertEqual(doc["version"], "2.1.0")
        self.assertEqual(len(doc["runs"]), 1)
        run = doc["runs"][0]
        driver = run["tool"]["driver"]
        self.assertEqual(driver["name"], "vigil")
        ids = [r["id"] for r in driver["rules"]]
        self.assertEqual(ids, ["load"] + CODES)
        for r in driver["rules"]:
            self.assertTrue(r["shortDescription"]["text"])
        results = sorted((r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                          r["locations"][0]["physicalLocation"]["region"]["startLine"],
                          r["locations"][0]["physicalLocation"]["region"]["startColumn"]) for r in run["results"])
        self.assertEqual(results, [("V101", "warning", "tests/lint/V101_rule_without_tests.yml", 2, 9),
                                   ("V106", "warning", "tests/lint/V106_field_no_test_log_holds.yml", 8, 16)])
        for r in run["results"]:
            self.assertTrue(r["message"]["text"])


if __name__ == "__main__":
    unittest.main()
