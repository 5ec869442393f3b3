"""End-to-end tests of the field cases: real-shaped EKS, AKS and GKE audit events on which Vigil was
wrong (tests/field_cases/, copied from the shared field-cases folder with its README), and one request
seen by all three clouds, checked against the README's table of the normalised Kubernetes audit view."""

import json
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import RULES_DIR, SCHEMAS_DIR, SOURCE_DIR, TempDirTest, parse_alerts, vigil, write  # noqa: E402

CASES = os.path.join(SOURCE_DIR, "tests", "field_cases")
PROBE = os.path.join(CASES, "probe_normalised_view.yml")
README = os.path.join(SOURCE_DIR, "README.md")
MODELS = {"Amazon.EKS.Audit": "eks_audit.yml", "Azure.MonitorActivity": "aks_audit.yml", "GCP.AuditLog": "gke_audit.yml"}
CLOUD_COLUMNS = {"Amazon.EKS.Audit": 1, "Azure.MonitorActivity": 2, "GCP.AuditLog": 3}  # after "meaning"


def case(*parts):
    return os.path.join(CASES, *parts)


def run_rules(*rule_paths, events, extra=()):
    """`vigil run --all-matches` with the bundled data models and the given rules; (process, alerts)."""
    args = ["run", "--all-matches", "--rules", SCHEMAS_DIR]
    for r in rule_paths:
        args += ["--rules", r]
    p = vigil(*args, *extra, events)
    return p, parse_alerts(p.stdout_text)


def probe(events):
    """The normalised view of each event, by its line."""
    p, alerts = run_rules(PROBE, events=events)
    return p, {a["source"]["line"]: a["alert_context"] for a in alerts if a["rule_id"] == "Test.Kubernetes.NormalisedView"}


def view_table():
    """The README's normalised-view table: {name: [EKS source, AKS source, GKE source]}."""
    with open(README) as f:
        text = f.read()
    start = text.index("### The normalised Kubernetes audit view")
    rows = {}
    for line in text[start:].splitlines():
        m = re.match(r"^\| `(\w+)` \|(.*)\|\s*$", line)
        if m:
            cells = [c.strip() for c in m.group(2).split("|")]
            rows[m.group(1)] = cells
        elif rows and not line.startswith("|"):
            break
    return rows


def mapping_names(model_file):
    """The names under `Mappings:` of a data-model file (two-space keys up to the next top-level key)."""
    names, inside = [], False
    with open(os.path.join(SCHEMAS_DIR, model_file)) as f:
        for line in f:
            if re.match(r"^\S", line):
                inside = line.startswith("Mappings:")
            elif inside and (m := re.match(r"^  (\w+):", line)):
                names.append(m.group(1))
    return names


class FieldCaseTest(TempDirTest):

    def test_gke_callerip_spelling_fills_source_ips(self):
        # Native GCP exports write requestMetadata.callerIp; Panther-parsed events callerIP.
        p, alerts = run_rules(RULES_DIR, events=case("gke-callerIp", "csr_gke.ndjson"))
        self.assertExit(p, 0)
        self.assertEqual(len(alerts), 1, p.stderr_text)
        self.assertEqual(alerts[0]["rule_id"], "Kubernetes.ClientCertificate.Created")
        self.assertEqual(alerts[0]["alert_context"]["sourceIPs"], ["198.51.100.20"])
        p, views = probe(case("gke-callerIp", "events.ndjson"))
        self.assertEqual(views[1]["sourceIPs"], ["192.0.2.1"])

    def test_gke_namespaced_collection_has_no_name(self):
        rule = case("gke-collection-name", "k8s_kube_system_secret_read.yml")
        p, alerts = run_rules(rule, events=case("gke-collection-name", "secrets_list_eks_vs_gke.ndjson"))
        self.assertExit(p, 0)
        self.assertEqual([a["log_type"] for a in alerts], ["Amazon.EKS.Audit", "GCP.AuditLog"], p.stderr_text)
        self.assertEqual({a["title"] for a in alerts}, {"[user@example.com] read secret [*] in kube-system"})
        p, views = probe(case("gke-collection-name", "real_gke_ingresses_list.ndjson"))
        v = views[1]
        self.assertEqual((v["resource"], v["name"], v["namespace"], v["apiGroup"], v["apiVersion"]),
                         ("ingresses", None, "cos-auditd", "extensions", "v1beta1"))

    def test_gke_cluster_scoped_subresources(self):
        events = case("gke-cluster-subresource", "events.ndjson")
        p, alerts = run_rules(case("gke-cluster-subresource", "k8s_csr_approved.yml"), events=events)
        self.assertExit(p, 0)
        self.assertEqual([(a["log_type"], a["title"]) for a in alerts],
                         [("GCP.AuditLog", "[user@example.com] approved CSR [stratus-red-team-csr]"),
                          ("Amazon.EKS.Audit", "[kubernetes-admin] approved CSR [stratus-red-team-csr]")], p.stderr_text)
        p, views = probe(events)
        proxy, approval = views[1], views[2]
        self.assertEqual((proxy["resource"], proxy["name"], proxy["subresource"], proxy["namespace"]),
                         ("nodes", "gke-adx-default-pool-e05a7794-jgln", "proxy", None))
        self.assertEqual((approval["resource"], approval["name"], approval["subresource"]),
                         ("certificatesigningrequests", "stratus-red-team-csr", "approval"))
        # The GKE and EKS approvals normalise to the same coordinates.
        keys = ("verb", "resource", "name", "subresource", "namespace", "apiGroup", "apiVersion", "requestURI")
        self.assertEqual([approval[k] for k in keys], [views[3][k] for k in keys])

    def test_aks_log_object_is_read_and_nothing_parse_json_cannot_read_is_silent(self):
        p, alerts = run_rules(RULES_DIR, events=case("aks-log-object-silent", "events.ndjson"),
                              extra=("--strict", "--no-prefilter"))
        self.assertExit(p, 0)
        self.assertEqual([a["source"]["line"] for a in alerts], [1, 2], p.stderr_text)  # string form, object form
        self.assertEqual({a["title"] for a in alerts}, {"[ops@contoso.example] created client certificate signing request [ops-cert]"})
        inputs = case("aks-log-object-silent", "parse_json_inputs.ndjson")
        p, _ = run_rules(RULES_DIR, events=inputs, extra=("--strict", "--no-prefilter"))
        self.assertNotEqual(p.returncode, 0, p.stderr_text)  # --strict: bad input fails the run
        reported = sorted(int(m) for m in re.findall(r"parse_json_inputs\.ndjson:(\d+): ", p.stderr_text))
        # Every line but the decoded object (line 4) is unreadable: "", "not json", 123, a list, null, truncated JSON.
        self.assertEqual(reported, [1, 2, 3, 5, 6, 7], p.stderr_text)
        for line, kind in ((3, "got int"), (5, "got list"), (6, "got null"), (2, "invalid JSON")):
            self.assertRegex(p.stderr_text, rf"parse_json_inputs\.ndjson:{line}: .*{kind}")

    def test_gke_kubelet_bootstrap_is_not_an_alert(self):
        p, alerts = run_rules(RULES_DIR, events=case("gke-kubelet-bootstrap-fp", "events.ndjson"))
        self.assertExit(p, 0)
        self.assertEqual(alerts, [], p.stdout_text)
        self.assertIn("2 events", p.stderr_text)

    def test_aks_audit_fields_are_not_read_from_the_envelope(self):
        rule = case("aks-unmapped-stage", "k8s_exec_into_pod.yml")
        p, alerts = run_rules(rule, events=case("aks-unmapped-stage", "events.ndjson"))
        self.assertExit(p, 0)
        # One match per cloud: the ResponseStarted record (lines 1 and 3), not the ResponseComplete one.
        self.assertEqual([(a["log_type"], a["source"]["line"]) for a in alerts],
                         [("Amazon.EKS.Audit", 1), ("Azure.MonitorActivity", 3)], p.stderr_text)
        check = vigil("check", rule, SCHEMAS_DIR)
        self.assertExit(check, 0)
        self.assertNotIn("warning:", check.stderr_text)

    def test_gke_health_probe_request_uri(self):
        events = case("gke-requesturi-fp", "events.ndjson")
        p, alerts = run_rules(case("gke-requesturi-fp", "k8s_anonymous_request_allowed.yml"), events=events)
        self.assertExit(p, 0)
        self.assertEqual(alerts, [], p.stdout_text)
        _, views = probe(events)
        self.assertEqual((views[1]["requestURI"], views[1]["resource"]), ("/readyz", None))

    def test_gke_status_is_http(self):
        p, alerts = run_rules(case("gke-status-not-normalised", "k8s_unauthorized_access.yml"),
                              events=case("gke-status-not-normalised", "events.ndjson"))
        self.assertExit(p, 0)
        self.assertEqual([(a["log_type"], a["alert_context"]["code"]) for a in alerts],
                         [("Amazon.EKS.Audit", 403), ("GCP.AuditLog", 403)], p.stderr_text)

    def test_field_case_rules_pass_their_own_tests(self):
        rules = [os.path.join(CASES, d, f) for d in sorted(os.listdir(CASES)) if os.path.isdir(os.path.join(CASES, d))
                 for f in sorted(os.listdir(os.path.join(CASES, d))) if f.endswith(".yml")]
        self.assertEqual(len(rules), 5)
        from e2e_support import ruletest
        p = ruletest(*rules, SCHEMAS_DIR)
        self.assertExit(p, 0)


class NormalisedViewTest(TempDirTest):

    def test_normalised_view(self):
        """One request (a get of a secret) as EKS, AKS and GKE export it gives the same normalised
        values; a field the README's table marks *not carried* for a cloud is null there."""
        table = view_table()
        self.assertEqual(len(table), 25)
        self.assertEqual({len(cells) for cells in table.values()}, {4})  # meaning, EKS, AKS, GKE
        with open(PROBE) as f:
            probe_names = re.findall(r"^  (\w+): \1$", f.read(), re.M)
        self.assertEqual(probe_names, list(table))
        for log_type, model in MODELS.items():
            with self.subTest(model=model):
                self.assertEqual(sorted(mapping_names(model)), sorted(table))

        p, views = probe(os.path.join(CASES, "same_request_three_clouds.ndjson"))
        self.assertExit(p, 0)
        by_type = dict(zip(MODELS, (views[1], views[2], views[3])))
        eks = by_type["Amazon.EKS.Audit"]
        for name, cells in table.items():
            values = {}
            for log_type, view in by_type.items():
                v = view[name]
                if name == "responseStatus":
                    v = v["code"]  # the apiserver's Status carries metadata {}, GKE's only code and message
                if "*not carried*" in cells[CLOUD_COLUMNS[log_type]]:
                    self.assertIsNone(v, f"{name} on {log_type} is documented as not carried")
                else:
                    values[log_type] = v
            with self.subTest(field=name):
                self.assertEqual(len(set(json.dumps(v, sort_keys=True) for v in values.values())), 1, values)
        # The event carries every field, so a null in the view would be a missing mapping.
        for name in ("verb", "resource", "name", "namespace", "apiVersion", "username", "uid", "groups", "sourceIPs",
                     "userAgent", "requestURI", "responseStatus", "stage", "level", "auditID", "requestReceivedTimestamp",
                     "stageTimestamp", "annotations", "cluster"):
            self.assertIsNotNone(eks[name], name)
        self.assertEqual(by_type["Azure.MonitorActivity"]["cluster"], "prod-1")  # from resourceId, not the source label
        self.assertEqual(by_type["GCP.AuditLog"]["cluster"], "prod-1")


if __name__ == "__main__":
    unittest.main()
