"""The JSON Schema for editors (schemas/vigil.schema.json) accepts every valid Vigil file and rejects what `vigil check` rejects."""

import glob
import json
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import RULES_DIR, SCHEMAS_DIR, SOURCE_DIR, TempDirTest, vigil, write  # noqa: E402

# Not skipped when missing: CI installs both (tools/setup.sh), and a skipped test would hide a broken schema.
try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover
    raise SystemExit(f"test_schemas.py needs the Python packages jsonschema and yaml "
                     f"(Debian 12: apt-get install python3-jsonschema python3-yaml): {e}")

SCHEMA_FILE = os.path.join(SCHEMAS_DIR, "vigil.schema.json")
GOLDEN_DIR = os.path.join(SOURCE_DIR, "tests", "golden")


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 core scalars, as yaml-cpp and the YAML language server read them:
    only true/false (any case form the reader takes) are booleans (`yes`, `on` stay strings), and dates
    stay strings (PyYAML would make `2024-01-01` a date, which is no JSON value)."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def load_documents(text):
    return list(yaml.load_all(text, Loader=Yaml12Loader))


def shipped_files():
    """The bundled rules and data models, and the README's worked examples and the field cases."""
    files = glob.glob(os.path.join(RULES_DIR, "**", "*.yml"), recursive=True)
    files += glob.glob(os.path.join(SCHEMAS_DIR, "*.yml"))
    files += glob.glob(os.path.join(SOURCE_DIR, "tests", "examples", "*.yml"))
    files += glob.glob(os.path.join(SOURCE_DIR, "tests", "field_cases", "**", "*.yml"), recursive=True)
    return sorted(files)


def valid_golden_files():
    """The golden cases `vigil check` accepts. Each NN.expected is the exact output of loading NN.yml (the
    golden unit test compares it byte for byte), so a case is valid when its .expected holds no error.
    Today every case is a mistake; a warnings-only case added later is validated here too."""
    valid = []
    for path in sorted(glob.glob(os.path.join(GOLDEN_DIR, "*.yml"))):
        with open(os.path.splitext(path)[0] + ".expected", encoding="utf-8") as f:
            if ": error: " not in f.read():
                valid.append(path)
    return valid


# Golden cases whose mistake is one of shape (key, kind, enum, required), which the schema sees too.
# The others are mistakes inside an expression or a template, or across files, which only vigil sees.
GOLDEN_SHAPE_MISTAKES = ["04_unknown_key", "05_wrong_type", "06_missing_rule_id", "07_bad_severity", "08_empty_condition",
                         "14_missing_log_types", "15_bad_expected_result", "16_unknown_analysis_type",
                         "17_datamodel_unknown_key", "27_tests_as_mapping", "49_threshold_distinct_too_large"]

RULE_HEAD = """AnalysisType: rule
RuleID: Schema.Invalid
LogTypes: [Amazon.EKS.Audit]
Severity: Info
Condition: verb eq "create"
"""

# Documents the schema must reject, and so must `vigil check`: name -> YAML text.
INVALID_DOCUMENTS = {
    "unknown_key": RULE_HEAD + "Descripton: a typo of Description\n",
    "lower_case_severity": RULE_HEAD.replace("Severity: Info", "Severity: high"),
    "tests_as_a_mapping": RULE_HEAD + "Tests: {Name: one test, ExpectedResult: true, Log: {verb: create}}\n",
    "test_without_expected_result": RULE_HEAD + "Tests:\n  - Name: no verdict\n    Log: {verb: create}\n",
    "test_without_log": RULE_HEAD + "Tests:\n  - Name: no event\n    ExpectedResult: true\n",
    "test_with_log_and_logs": RULE_HEAD + "Tests:\n  - Name: both\n    ExpectedResult: true\n"
                                          "    Log: {verb: create}\n    Logs: [{verb: create}]\n",
    "threshold_distinct_on_without_count": RULE_HEAD + "Threshold: {DistinctOn: namespace}\n",
    "threshold_zero": RULE_HEAD + "Threshold: 0\n",
    "exclusion_without_condition": RULE_HEAD + "Exclusions:\n  - Name: no condition\n",
    "dynamic_severity_misspelt": RULE_HEAD + "DynamicSeverities:\n  - Condition: verb eq \"get\"\n    Severity: Severe\n",
    "rule_without_condition": RULE_HEAD.replace('Condition: verb eq "create"\n', ""),
    "empty_log_types": RULE_HEAD.replace("[Amazon.EKS.Audit]", "[]"),
    "list_without_items": "AnalysisType: list\nListID: schema_invalid\nDescription: no Items\n",
    "list_of_mappings": "AnalysisType: list\nListID: schema_invalid\nItems: [{a: 1}]\n",
    "macro_without_expression": "AnalysisType: macro\nMacroID: schema_invalid\nParameters: [who]\n",
    "pack_without_ids": "AnalysisType: pack\nPackID: Schema.Invalid\nPackDefinition: {Members: [Schema.Invalid]}\n",
    "datamodel_test_without_expectation": "AnalysisType: datamodel\nDataModelID: Schema.Invalid\nLogTypes: [Schema.Type]\n"
                                          "Mappings: {verb: verb}\nTests:\n  - Name: nothing expected\n    Log: {verb: get}\n",
    "unknown_analysis_type": RULE_HEAD.replace("AnalysisType: rule", "AnalysisType: detection"),
    "no_analysis_type": RULE_HEAD.replace("AnalysisType: rule\n", ""),
}


def property_schemas(node, where="#"):
    """Every (path, schema) of a property the schema documents (the `if` of the AnalysisType dispatch only tests)."""
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}/properties/{name}", sub
        for key, sub in node.items():
            if key != "if":
                yield from property_schemas(sub, f"{where}/{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from property_schemas(sub, f"{where}/{i}")


class SchemaTest(TempDirTest):

    @classmethod
    def setUpClass(cls):
        with open(SCHEMA_FILE, encoding="utf-8") as f:
            cls.schema = json.load(f)
        cls.validator = jsonschema.Draft202012Validator(cls.schema)

    def errors(self, document):
        return [f"{'/'.join(map(str, e.absolute_path)) or '(document)'}: {e.message}" for e in self.validator.iter_errors(document)]

    def assert_valid_file(self, path):
        with open(path, encoding="utf-8") as f:
            documents = load_documents(f.read())
        self.assertTrue(documents, path)
        for i, document in enumerate(documents):
            self.assertEqual(self.errors(document), [], f"{path}, document {i + 1}")

    def test_the_schema_is_a_valid_draft_2020_12_schema(self):
        jsonschema.Draft202012Validator.check_schema(self.schema)
        self.assertEqual(self.schema["$schema"], "https://json-schema.org/draft/2020-12/schema")

    def test_every_property_has_a_description(self):
        refs = self.schema["$defs"]
        for where, sub in property_schemas(self.schema):
            described = "description" in sub or ("$ref" in sub and "description" in refs[sub["$ref"].split("/")[-1]])
            self.assertTrue(described, f"{where} has no description")

    def test_severity_and_analysis_type_enums_are_the_readers(self):
        # dsl/severity.cpp and dsl/document_loader.cpp spell them so.
        self.assertEqual(self.schema["$defs"]["severity"]["enum"], ["Info", "Low", "Medium", "High", "Critical"])
        self.assertEqual(self.schema["properties"]["AnalysisType"]["enum"], ["rule", "datamodel", "list", "macro", "pack"])

    def test_every_document_of_the_shipped_files_is_valid(self):
        files = shipped_files()
        self.assertGreater(len(files), 20)
        for path in files:
            with self.subTest(path=os.path.relpath(path, SOURCE_DIR)):
                self.assert_valid_file(path)

    def test_every_valid_golden_file_is_valid(self):
        for path in valid_golden_files():
            with self.subTest(path=os.path.relpath(path, SOURCE_DIR)):
                self.assert_valid_file(path)

    def test_the_golden_shape_mistakes_are_invalid(self):
        for case in GOLDEN_SHAPE_MISTAKES:
            with self.subTest(case=case):
                with open(os.path.join(GOLDEN_DIR, case + ".yml"), encoding="utf-8") as f:
                    documents = load_documents(f.read())
                self.assertTrue(any(self.errors(d) for d in documents), f"the schema takes golden case {case}")

    def test_invalid_documents_are_rejected_by_the_schema_and_by_vigil_check(self):
        for name, text in INVALID_DOCUMENTS.items():
            with self.subTest(case=name):
                (document,) = load_documents(text)
                self.assertNotEqual(self.errors(document), [], f"the schema takes {name}:\n{text}")
                path = write(self.path(name + ".yml"), text)
                p = vigil("check", path)
                self.assertExit(p, 1)
                self.assertIn(f"{path}:", p.stderr_text)
                self.assertIn(": error: ", p.stderr_text)

    def test_every_key_the_readers_take_is_completed_and_no_other_is_taken(self):
        """The editor completes from the schema's properties and flags what additionalProperties refuses:
        for each object of each document kind, the properties are exactly the keys the C++ reader
        accepts (dsl/*_reader.cpp, read from the source so a key added there and not here fails)."""
        def reader_keys(file, pattern):
            with open(os.path.join(SOURCE_DIR, "dsl", file), encoding="utf-8") as f:
                text = f.read()
            m = re.search(pattern, text, re.S)
            self.assertIsNotNone(m, f"{file}: {pattern}")
            return set(re.findall(r'"([A-Za-z]+)"', m.group(1)))

        defs = self.schema["$defs"]
        rule = defs["rule"]["properties"]
        threshold = next(a for a in rule["Threshold"]["anyOf"] if a.get("type") == "object")
        objects = {
            "rule": (defs["rule"], reader_keys("rule_reader.cpp", r"rule_keys = \{(.*?)\};")),
            "rule test": (defs["rule_test"], reader_keys("rule_reader.cpp", r"\btest_keys = \{(.*?)\};")),
            "exclusion": (rule["Exclusions"]["items"], reader_keys("rule_reader.cpp", r"check_keys\(item, \{([^}]*)\}, \"an exclusion\"")),
            "dynamic severity": (rule["DynamicSeverities"]["items"], reader_keys("rule_reader.cpp", r"check_keys\(item, \{([^}]*)\}, \"a dynamic severity\"")),
            "threshold": (threshold, reader_keys("rule_reader.cpp", r"check_keys\(n, \{([^}]*)\}, \"a Threshold\"")),
            "data model": (defs["datamodel"], reader_keys("datamodel_reader.cpp", r"model_keys = \{(.*?)\};")),
            "data-model test": (defs["datamodel"]["properties"]["Tests"]["items"], reader_keys("datamodel_reader.cpp", r"\btest_keys = \{(.*?)\};")),
            "list": (defs["list"], reader_keys("list_reader.cpp", r"check_keys\(doc, \{([^}]*)\}, \"a list\"")),
            "macro": (defs["macro"], reader_keys("macro_reader.cpp", r"check_keys\(doc, \{([^}]*)\}, \"a macro\"")),
            "pack": (defs["pack"], reader_keys("pack_reader.cpp", r"check_keys\(doc, \{([^}]*)\}, \"a pack\"")),
            "pack definition": (defs["pack"]["properties"]["PackDefinition"], reader_keys("pack_reader.cpp", r"check_keys\(def, \{([^}]*)\}, \"PackDefinition\"")),
        }
        for name, (obj, keys) in objects.items():
            with self.subTest(object=name):
                self.assertGreater(len(keys), 0)
                self.assertEqual(set(obj["properties"]), keys)
                self.assertIs(obj.get("additionalProperties"), False)

    def test_an_unknown_key_is_an_error_at_every_level(self):
        with open(os.path.join(RULES_DIR, "kubernetes", "k8s_port_forward.yml"), encoding="utf-8") as f:
            base = load_documents(f.read())[0]
        self.assertEqual(self.errors(base), [])
        for where in ("top", "exclusion", "test", "severity"):
            with self.subTest(level=where):
                doc = json.loads(json.dumps(base))
                target = {"top": doc, "exclusion": doc["Exclusions"][0], "test": doc["Tests"][0], "severity": doc["DynamicSeverities"][0]}[where]
                target["Condtion"] = "x"
                self.assertNotEqual(self.errors(doc), [], f"an unknown key in the {where} object is taken")

    def test_the_shipped_files_name_the_schema_in_their_first_line(self):
        # The YAML language server reads the header; vigil and ruletest take it as a comment.
        for path in glob.glob(os.path.join(RULES_DIR, "**", "*.yml"), recursive=True) + glob.glob(os.path.join(SCHEMAS_DIR, "*.yml")):
            with self.subTest(path=os.path.relpath(path, SOURCE_DIR)):
                with open(path, encoding="utf-8") as f:
                    first = f.readline().rstrip("\n")
                m = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
                self.assertIsNotNone(m, f"first line: {first!r}")
                target = os.path.normpath(os.path.join(os.path.dirname(path), m.group(1)))
                self.assertEqual(target, os.path.normpath(SCHEMA_FILE))


if __name__ == "__main__":
    unittest.main()
