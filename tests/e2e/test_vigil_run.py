"""End-to-end tests of `vigil run`: the bundled examples, bad input, gzip and stdin, dedup and
thresholds over event time, threads, output options, rule loading, and signals."""

import datetime
import gzip
import re
import json
import os
import resource
import shutil
import signal
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import (CSR_RULE, CSR_RULE_ID, K8S_SHARED, EXAMPLE_ALERTS, EXAMPLE_ALERT_LINES, EXAMPLE_OTHER_ALERTS, EXAMPLES, PACK_RULES, SCHEMAS_DIR, VIGIL, LiveProcess, TempDirTest,  # noqa: E402
                         csr_dedup, csr_title, event_line, example_lines, parse_alerts, stats_line, vigil, write)

CSR_CONTEXT_KEYS = ["username", "sourceIPs", "userAgent", "namespace", "verb", "resource", "requestURI", "responseStatus",
                    "cluster", "csr_name", "signer_name", "usages", "groups"]
CSR_TAGS = ["Kubernetes", "Persistence", "Credential Access", "Unified Detection"]
CSR_REPORTS = {"Stratus Red Team": ["k8s.persistence.create-client-certificate"],
               "MITRE ATT&CK": ["TA0003:T1098", "TA0006:T1552"]}
CSR_RUNBOOK = (
    "1. Immediately investigate the user creating the certificate and verify if they are authorized to create client auth credentials\n"
    "2. Check if the CSR was approved and review who approved it within the last 10 minutes by searching audit logs for certificate approval events\n"
    "3. Search for API activity using the newly created certificate in the past 24 hours to identify any unauthorized access\n")
CSR_REFERENCE = "https://stratus-red-team.cloud/attack-techniques/kubernetes/k8s.persistence.create-client-certificate/"
ALERT_KEYS = ["rule_id", "severity", "title", "dedup", "alert_context", "log_type", "source", "event_time", "tags", "reports",
              "runbook", "reference", "event"]


def ms_timestamp(ts):
    """'2026-11-27T10:14:03.208815Z' -> '2026-11-27T10:14:03.208Z' (alerts carry millisecond UTC times)."""
    head, frac = ts.rstrip("Z").split(".")
    return f"{head}.{(frac + '000')[:3]}Z"


def test_app_rule(rule_id="Test.Login", threshold=1, period=60, enabled=True, title="login by {user}", extra=""):
    """A rule for a made-up log type with no data model: every name is a raw path."""
    return (f"AnalysisType: rule\nRuleID: {rule_id}\nEnabled: {'true' if enabled else 'false'}\nLogTypes: [Test.App]\n"
            f"Severity: Medium\nThreshold: {threshold}\nDedupPeriodMinutes: {period}\nTags: [Test]\n"
            f"Condition: action eq \"login\"\nAlertTitle: '{title}'\nDedup: 'login_{{user}}'\n"
            f"AlertContext:\n  user: user\n  action: action\n{extra}")


def login(user, when, **more):
    return event_line(p_log_type="Test.App", action="login", user=user, p_event_time=when, **more)


class RunExamplesTest(TempDirTest):
    """The README quick start: the bundled pack over the bundled example events."""

    def run_examples(self, *extra):
        p = vigil("run", "--no-progress", *extra, EXAMPLES)
        self.assertExit(p, 0)
        return p, parse_alerts(p.stdout_text)

    def test_examples_raise_the_four_promised_alerts(self):
        p, alerts = self.run_examples()
        got = [(a["source"]["line"], a["rule_id"], a["log_type"], a["title"], a["dedup"]) for a in alerts if a["rule_id"] == CSR_RULE_ID]
        want = [(line, CSR_RULE_ID, lt, csr_title(u, n), csr_dedup(u, n)) for line, lt, u, n in EXAMPLE_ALERTS]
        self.assertEqual(got, want)
        self.assertEqual([(a["source"]["line"], a["rule_id"]) for a in alerts if a["rule_id"] != CSR_RULE_ID], EXAMPLE_OTHER_ALERTS)
        for a in alerts:
            self.assertEqual(a["source"]["file"], EXAMPLES)
            self.assertEqual(list(a.keys()), ALERT_KEYS)
        st = stats_line(p.stderr_text)
        self.assertIsNotNone(st, p.stderr_text)
        # Line 52 matches too but is counted into the line-35 alert, and two secret reads match the
        # cross-namespace rule far below its threshold: 8 matches, 6 alerts.
        self.assertIn("vigil: done: 63 events, ", st)
        self.assertIn(f"{os.path.getsize(EXAMPLES)} bytes", st)
        self.assertIn(" 8 matches, 6 alerts; bad lines: none; ", st)
        self.assertIn("events/s", st)
        self.assertIn(f"vigil: loaded {PACK_RULES} rules, 3 data models, 3 log types (Amazon.EKS.Audit, Azure.MonitorActivity, GCP.AuditLog)",
                      p.stderr_text)

    def test_alerts_match_the_documented_schema(self):
        with open(os.path.join(SCHEMAS_DIR, "alert.schema.json")) as f:
            schema = json.load(f)
        self.assertEqual(schema["required"], ALERT_KEYS)
        self.assertFalse(schema["additionalProperties"])
        _, alerts = self.run_examples()
        types = {"string": str, "object": dict, "array": list, "integer": int}
        for a in alerts:
            self.assertEqual(set(a.keys()), set(schema["properties"].keys()))
            for key, prop in schema["properties"].items():
                if "enum" in prop:
                    self.assertIn(a[key], prop["enum"])
                elif "type" in prop:
                    allowed = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
                    self.assertTrue(any(a[key] is None if t == "null" else isinstance(a[key], types[t]) for t in allowed),
                                    f"{key}: {a[key]!r} is not {allowed}")
            self.assertEqual(set(a["source"].keys()), set(schema["properties"]["source"]["required"]))
            self.assertGreaterEqual(a["source"]["line"], 1)
            self.assertRegex(a["event_time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

    def check_common(self, a, line, log_type):
        raw = example_lines()[line - 1]
        self.assertEqual(list(a.keys()), ALERT_KEYS)
        self.assertEqual(a["rule_id"], CSR_RULE_ID)
        self.assertEqual(a["severity"], "Info")
        self.assertEqual(a["log_type"], log_type)
        self.assertEqual(a["source"], {"file": EXAMPLES, "line": line})
        self.assertEqual(list(a["source"].keys()), ["file", "line"])
        self.assertEqual(a["tags"], CSR_TAGS)
        self.assertEqual(a["reports"], CSR_REPORTS)
        self.assertEqual(a["runbook"], CSR_RUNBOOK)
        self.assertEqual(a["reference"], CSR_REFERENCE)
        self.assertEqual(list(a["alert_context"].keys()), CSR_CONTEXT_KEYS)
        event = json.loads(raw)
        self.assertEqual(a["event"], event)
        self.assertEqual(list(a["event"].keys()), list(event.keys()))
        return event

    def alert_at(self, line):
        _, alerts = self.run_examples()
        by_line = {a["source"]["line"]: a for a in alerts}
        self.assertIn(line, by_line)
        return by_line[line]

    def test_eks_alert_has_every_documented_field(self):
        p = vigil("run", "--no-progress", "--threads", "1", EXAMPLES)
        self.assertExit(p, 0)
        a = parse_alerts(p.stdout_text)[0]
        ev = self.check_common(a, 35, "Amazon.EKS.Audit")
        # The raw event is spliced in verbatim: the alert line ends with the exact input line.
        first_line = p.stdout_text.splitlines()[0]
        self.assertTrue(first_line.endswith(',"event":' + example_lines()[34] + "}"), first_line[-300:])
        self.assertEqual(a["title"], csr_title("jordan.lee@example.com", "jordan-admin"))
        self.assertEqual(a["dedup"], csr_dedup("jordan.lee@example.com", "jordan-admin"))
        self.assertEqual(a["event_time"], ms_timestamp(ev["requestReceivedTimestamp"]))
        self.assertEqual(a["event_time"], "2026-11-27T10:14:03.208Z")
        spec = ev["requestObject"]["spec"]
        self.assertEqual(a["alert_context"], {
            "username": "jordan.lee@example.com", "sourceIPs": ev["sourceIPs"], "userAgent": ev["userAgent"],
            "namespace": None, "verb": "create", "resource": "certificatesigningrequests", "requestURI": ev["requestURI"],
            "responseStatus": ev["responseStatus"], "cluster": "eks-prod-us-east-1", "csr_name": "jordan-admin",
            "signer_name": "kubernetes.io/kube-apiserver-client", "usages": ["client auth"], "groups": spec["groups"]})
        self.assertEqual(ev["responseStatus"]["code"], 201)

    def test_aks_alert_has_every_documented_field(self):
        a = self.alert_at(42)
        ev = self.check_common(a, 42, "Azure.MonitorActivity")
        audit = json.loads(ev["properties"]["log"])
        self.assertEqual(a["title"], csr_title("priya.patel@contoso.com", "priya-breakglass"))
        self.assertEqual(a["dedup"], csr_dedup("priya.patel@contoso.com", "priya-breakglass"))
        self.assertEqual(a["event_time"], ms_timestamp(audit["requestReceivedTimestamp"]))
        self.assertEqual(a["event_time"], "2026-11-27T10:18:24.771Z")
        self.assertEqual(a["alert_context"], {
            "username": "priya.patel@contoso.com", "sourceIPs": ["20.31.44.9"], "userAgent": audit["userAgent"],
            "namespace": None, "verb": "create", "resource": "certificatesigningrequests", "requestURI": audit["requestURI"],
            "responseStatus": {"metadata": {}, "code": 201}, "cluster": "aks-prod-westeurope", "csr_name": "priya-breakglass",
            "signer_name": "kubernetes.io/kube-apiserver-client", "usages": ["client auth"], "groups": ["system:masters"]})
        # The AKS event keeps its inner audit event as a string, exactly as it arrived.
        self.assertIsInstance(a["event"]["properties"]["log"], str)

    def test_gke_alert_has_every_documented_field(self):
        a = self.alert_at(47)
        ev = self.check_common(a, 47, "GCP.AuditLog")
        pp = ev["protoPayload"]
        self.assertEqual(a["title"], csr_title("sam.okafor@acme.example", "sam-debug-cert"))
        self.assertEqual(a["dedup"], csr_dedup("sam.okafor@acme.example", "sam-debug-cert"))
        self.assertEqual(a["event_time"], ms_timestamp(ev["timestamp"]))
        self.assertEqual(a["event_time"], "2026-11-27T10:21:09.337Z")
        self.assertEqual(a["alert_context"], {
            "username": "sam.okafor@acme.example", "sourceIPs": ["34.122.18.201"],
            "userAgent": "kubectl/v1.29.4 (linux/amd64) kubernetes/55f2bc1", "namespace": None, "verb": "create",
            "resource": "certificatesigningrequests",
            "requestURI": "/apis/certificates.k8s.io/v1/certificatesigningrequests/sam-debug-cert", "responseStatus": None,
            "cluster": "gke-prod-us-central1", "csr_name": "sam-debug-cert",
            "signer_name": "kubernetes.io/kube-apiserver-client", "usages": pp["request"]["spec"]["usages"],
            "groups": ["system:authenticated"]})

    def test_summary_file_counts_line_52_into_the_line_35_alert(self):
        summary = self.path("summary.json")
        self.run_examples("--summary", summary)
        with open(summary) as f:
            doc = json.load(f)
        line52 = ms_timestamp(json.loads(example_lines()[51])["requestReceivedTimestamp"])
        self.assertTrue(line52.startswith("2026-11-27T10:24:03."), line52)
        got = [(s["rule_id"], s["dedup"], s["event_count"], s["first_event_time"], s["last_event_time"], s["source"]["line"])
               for s in doc["alerts"] if s["rule_id"] == CSR_RULE_ID]
        self.assertEqual([(s["source"]["line"], s["rule_id"]) for s in doc["alerts"] if s["rule_id"] != CSR_RULE_ID], EXAMPLE_OTHER_ALERTS)
        self.assertEqual(got, [
            (CSR_RULE_ID, csr_dedup("jordan.lee@example.com", "jordan-admin"), 2, "2026-11-27T10:14:03.208Z",
             line52, 35),
            (CSR_RULE_ID, csr_dedup("system:serviceaccount:ci:gitlab-runner", "runner-client-cert"), 1,
             "2026-11-27T10:16:30.449Z", "2026-11-27T10:16:30.449Z", 40),
            (CSR_RULE_ID, csr_dedup("priya.patel@contoso.com", "priya-breakglass"), 1, "2026-11-27T10:18:24.771Z",
             "2026-11-27T10:18:24.771Z", 42),
            (CSR_RULE_ID, csr_dedup("sam.okafor@acme.example", "sam-debug-cert"), 1, "2026-11-27T10:21:09.337Z",
             "2026-11-27T10:21:09.337Z", 47),
        ])

    def test_all_matches_writes_line_52_too(self):
        _, alerts = self.run_examples("--all-matches")
        alerts = [a for a in alerts if a["rule_id"] == CSR_RULE_ID]
        self.assertEqual([a["source"]["line"] for a in alerts], [35, 40, 42, 47, 52])
        self.assertEqual(alerts[4]["dedup"], alerts[0]["dedup"])

    def test_output_file_gets_the_alerts_and_stdout_stays_empty(self):
        out = self.path("alerts.ndjson")
        p, alerts = self.run_examples("--output", out)
        self.assertEqual(p.stdout_text, "")
        with open(out) as f:
            written = parse_alerts(f.read())
        self.assertEqual([a["source"]["line"] for a in written], EXAMPLE_ALERT_LINES)
        self.assertIn(f"{len(EXAMPLE_ALERT_LINES)} alerts", stats_line(p.stderr_text))

    def test_pack_selects_the_kubernetes_pack(self):
        p, alerts = self.run_examples("--pack", "Vigil.Kubernetes")
        self.assertEqual([a["source"]["line"] for a in alerts], EXAMPLE_ALERT_LINES)
        self.assertIn(f"vigil: loaded {PACK_RULES} rules, 3 data models, 3 log types", p.stderr_text)

    def test_unknown_pack_is_a_load_error(self):
        p = vigil("run", "--no-progress", "--pack", "NoSuch", EXAMPLES)
        self.assertExit(p, 2)
        self.assertEqual(p.stdout_text, "")
        self.assertIn("NoSuch", p.stderr_text)
        self.assertIsNone(stats_line(p.stderr_text))


class RunBadInputTest(TempDirTest):
    """Bad lines never stop the stream and are never silent."""

    def mixed_file(self):
        ex = example_lines()
        no_log_type = json.loads(ex[34])
        del no_log_type["p_log_type"]
        lines = [
            ex[0],                                                     # 1 EKS, benign
            ex[34],                                                    # 2 EKS, alerts (jordan-admin)
            '{"kind":"Event","verb":"create","user":{"username":',     # 3 broken JSON
            ex[41],                                                    # 4 AKS, alerts (priya-breakglass)
            event_line(p_log_type="Okta.SystemLog", eventType="user.session.start"),  # 5 unknown log type
            json.dumps(no_log_type),                                   # 6 no p_log_type (a CSR create otherwise)
            ex[46],                                                    # 7 GKE, alerts (sam-debug-cert)
            ex[17],                                                    # 8 AKS, kube-apiserver category: no view
            ex[39],                                                    # 9 EKS, alerts (runner-client-cert)
            ex[5],                                                     # 10 GKE, benign
        ]
        return write(self.path("mixed.ndjson"), "\n".join(lines) + "\n")

    def check_mixed(self, p, path):
        alerts = parse_alerts(p.stdout_text)
        self.assertEqual([(a["source"]["line"], a["log_type"], a["alert_context"]["csr_name"]) for a in alerts], [
            (2, "Amazon.EKS.Audit", "jordan-admin"), (4, "Azure.MonitorActivity", "priya-breakglass"),
            (7, "GCP.AuditLog", "sam-debug-cert"), (9, "Amazon.EKS.Audit", "runner-client-cert")])
        for a in alerts:
            self.assertEqual(a["source"]["file"], path)
        err = p.stderr_text
        self.assertIn(f"vigil: {path}:3: invalid JSON: ", err)
        self.assertIn(f"vigil: {path}:5: unknown log type: 'Okta.SystemLog'", err)
        self.assertIn(f"vigil: {path}:6: missing log type: ", err)
        for n in (1, 2, 4, 7, 8, 9, 10):
            self.assertNotIn(f"{path}:{n}:", err)
        st = stats_line(err)
        self.assertIn("vigil: done: 10 events, ", st)
        self.assertIn(" 4 matches, 4 alerts; ", st)
        self.assertIn("bad lines: 1 invalid JSON, 1 missing log type, 1 unknown log type;", st)

    def test_mixed_file_alerts_in_order_and_reports_each_bad_line(self):
        path = self.mixed_file()
        p = vigil("run", "--no-progress", path)
        self.assertExit(p, 0)
        self.check_mixed(p, path)

    def test_mixed_file_with_strict_exits_1(self):
        path = self.mixed_file()
        p = vigil("run", "--no-progress", "--strict", path)
        self.assertExit(p, 1)
        self.check_mixed(p, path)

    def test_strict_with_clean_input_exits_0(self):
        p = vigil("run", "--no-progress", "--strict", EXAMPLES)
        self.assertExit(p, 0)
        self.assertEqual(len(parse_alerts(p.stdout_text)), len(EXAMPLE_ALERT_LINES))

    def test_log_type_option_names_the_type_of_a_file_without_p_log_type(self):
        event = json.loads(example_lines()[34])
        del event["p_log_type"]
        path = write(self.path("no_type.ndjson"), json.dumps(event) + "\n" + example_lines()[0].replace(',"p_log_type":"Amazon.EKS.Audit"', "") + "\n")
        p = vigil("run", "--no-progress", "--log-type", "Amazon.EKS.Audit", path)
        self.assertExit(p, 0)
        alerts = parse_alerts(p.stdout_text)
        self.assertEqual(len(alerts), 1)
        self.assertEqual(alerts[0]["log_type"], "Amazon.EKS.Audit")
        self.assertEqual(alerts[0]["source"]["line"], 1)
        self.assertEqual(alerts[0]["title"], csr_title("jordan.lee@example.com", "jordan-admin"))
        self.assertEqual(alerts[0]["event"], event)
        self.assertIn("bad lines: none", stats_line(p.stderr_text))
        # Without --log-type the same file is two missing-log-type lines and no alert.
        p = vigil("run", "--no-progress", path)
        self.assertExit(p, 0)
        self.assertEqual(p.stdout_text, "")
        self.assertIn(f"{path}:1: missing log type", p.stderr_text)
        self.assertIn(f"{path}:2: missing log type", p.stderr_text)
        self.assertIn("bad lines: 2 missing log type;", stats_line(p.stderr_text))

    def rules_dir(self):
        write(self.path("rules", "login.yml"), test_app_rule())
        return self.path("rules")

    def test_over_long_line_is_reported_and_the_stream_goes_on(self):
        rules = self.rules_dir()
        lines = [login("a", "2026-01-01T10:00:00Z"),
                 login("b", "2026-01-01T10:00:01Z", padding="x" * 2000),
                 login("c", "2026-01-01T10:00:02Z"),
                 login("d", "2026-01-01T10:00:03Z", padding="y" * 5000),
                 login("e", "2026-01-01T10:00:04Z")]
        path = write(self.path("long.ndjson"), "\n".join(lines) + "\n")
        for threads in ("1", "2"):
            with self.subTest(threads=threads):
                p = vigil("run", "--no-progress", "--threads", threads, "--rules", rules, "--max-line-bytes", "1000", path)
                self.assertExit(p, 0)
                alerts = parse_alerts(p.stdout_text)
                self.assertEqual([(a["source"]["line"], a["alert_context"]["user"]) for a in alerts], [(1, "a"), (3, "c"), (5, "e")])
                self.assertIn(f"vigil: {path}:2: too long: longer than --max-line-bytes 1000", p.stderr_text)
                self.assertIn(f"vigil: {path}:4: too long: ", p.stderr_text)
                st = stats_line(p.stderr_text)
                self.assertIn("vigil: done: 5 events, ", st)
                self.assertIn("bad lines: 2 too long;", st)

    def test_mapped_file_ranges_agree_with_the_stream_reader(self):
        """A regular file is cut into ranges (1 MiB) that the judging threads split themselves; a pipe
        is read as a stream. Lines across range ends, over-long lines inside a range and across several,
        CRLF, blank and broken lines and a missing final newline must come out the same either way."""
        rules = self.rules_dir()
        lines = []
        for i in range(9000):
            user = f"u{i % 97}"
            when = f"2026-01-01T{(i // 3600) % 24:02d}:{(i // 60) % 60:02d}:{i % 60:02d}Z"
            if i == 1500:
                lines.append(login("long-inside", when, pad="p" * 150_000))   # inside one range
            elif i == 4000:
                lines.append(login("long-across", when, pad="q" * 2_500_000))  # over several ranges
            elif i % 701 == 0:
                lines.append("")
            elif i % 977 == 0:
                lines.append('{"broken": ')
            else:
                line = login(user, when, pad="x" * (i % 300))
                lines.append(line + ("\r" if i % 5 == 0 else ""))
        text = "\n".join(lines)  # no newline after the last line
        self.assertGreater(len(text), 4 * 1024 * 1024)
        path = write(self.path("ranges.ndjson"), text)
        results = {}
        for name, args, stdin in (("file, 1 thread", ("--threads", "1", path), None),
                                  ("file, 2 threads", ("--threads", "2", path), None),
                                  ("pipe, 1 thread", ("--threads", "1", "-"), text.encode()),
                                  ("pipe, 2 threads", ("--threads", "2", "-"), text.encode()),
                                  # the reading thread judges too: with 4, three workers and it share the batches
                                  ("file, 4 threads", ("--threads", "4", path), None),
                                  ("pipe, 4 threads", ("--threads", "4", "-"), text.encode())):
            p = vigil("run", "--no-progress", "--all-matches", "--rules", rules, "--max-line-bytes", "100000", *args,
                      stdin_bytes=stdin, timeout=60)
            self.assertExit(p, 0)
            alerts = [(a["source"]["line"], a["alert_context"]["user"], a["title"]) for a in parse_alerts(p.stdout_text)]
            bad = sorted(l.split(": ", 1)[1] for l in p.stderr_text.splitlines() if ": too long: " in l or ": invalid JSON: " in l)
            results[name] = (alerts, [b.split(":", 1)[1] for b in bad], stats_line(p.stderr_text).split("; ")[:2])
        first = results["file, 1 thread"]
        self.assertEqual(len(first[0]), 9000 - 2 - 13 - 9)  # all but the 2 long, 13 blank (701k) and 9 broken (977k) lines
        self.assertEqual(first[0][-1][0], 9000)              # the last line, without its newline, is judged
        self.assertIn("1501: too long: ", " ".join(first[1]))
        self.assertIn("4001: too long: ", " ".join(first[1]))
        for name, r in results.items():
            self.assertEqual(r, first, name)

    def test_over_long_last_line_without_newline_is_reported(self):
        rules = self.rules_dir()
        path = write(self.path("tail.ndjson"), login("a", "2026-01-01T10:00:00Z") + "\n" + login("b", "2026-01-01T10:00:01Z", pad="z" * 3000))
        p = vigil("run", "--no-progress", "--rules", rules, "--max-line-bytes", "1000", path)
        self.assertExit(p, 0)
        self.assertEqual([a["source"]["line"] for a in parse_alerts(p.stdout_text)], [1])
        self.assertIn(f"vigil: {path}:2: too long: ", p.stderr_text)

    def test_ten_megabyte_line_is_handled_with_the_default_limit(self):
        rules = self.rules_dir()
        blob = "b" * (10 * 1024 * 1024)
        path = write(self.path("big.ndjson"), login("big", "2026-01-01T10:00:00Z", blob=blob) + "\n" + login("small", "2026-01-01T10:00:01Z") + "\n")
        p = vigil("run", "--no-progress", "--rules", rules, "--output", self.path("alerts.ndjson"), path)
        self.assertExit(p, 0)
        with open(self.path("alerts.ndjson")) as f:
            alerts = parse_alerts(f.read())
        self.assertEqual([(a["source"]["line"], a["alert_context"]["user"]) for a in alerts], [(1, "big"), (2, "small")])
        self.assertEqual(len(alerts[0]["event"]["blob"]), len(blob))
        self.assertIn("bad lines: none", stats_line(p.stderr_text))

    def test_deeply_nested_line_is_invalid_json_not_a_crash(self):
        rules = self.rules_dir()
        lines = ["[" * 100000, '{"p_log_type":"Test.App","x":' + "[" * 100000, login("after", "2026-01-01T10:00:00Z"),
                 '{"p_log_type":"Test.App","x":' + '{"a":' * 100000]
        path = write(self.path("nested.ndjson"), "\n".join(lines) + "\n")
        p = vigil("run", "--no-progress", "--rules", rules, path)
        self.assertExit(p, 0)
        self.assertEqual([a["source"]["line"] for a in parse_alerts(p.stdout_text)], [3])
        for n in (1, 2, 4):
            self.assertIn(f"vigil: {path}:{n}: invalid JSON: ", p.stderr_text)
        self.assertIn("bad lines: 3 invalid JSON;", stats_line(p.stderr_text))

    def test_blank_lines_and_crlf_are_not_bad_lines(self):
        ex = example_lines()
        path = write(self.path("blank.ndjson"), ex[34] + "\n\n   \n" + ex[39] + "\r\n")
        for threads in ("1", "2"):
            with self.subTest(threads=threads):
                p = vigil("run", "--no-progress", "--threads", threads, path)
                self.assertExit(p, 0)
                self.assertEqual([a["source"]["line"] for a in parse_alerts(p.stdout_text)], [1, 4])
                self.assertIn("vigil: done: 2 events, ", stats_line(p.stderr_text))
                self.assertIn("bad lines: none", stats_line(p.stderr_text))

    def test_missing_input_file_is_reported(self):
        missing = self.path("nope.ndjson")
        p = vigil("run", "--no-progress", missing, EXAMPLES)
        self.assertExit(p, 2)  # an error, though the other inputs are judged
        self.assertIn(f"vigil: {missing}: read error: cannot open: ", p.stderr_text)
        self.assertEqual(len(parse_alerts(p.stdout_text)), len(EXAMPLE_ALERT_LINES))


class RunInputFormatsTest(TempDirTest):
    """gzip files (by magic bytes) and stdin give the same alerts as the plain file."""

    def plain_alerts(self):
        p = vigil("run", "--no-progress", EXAMPLES)
        self.assertExit(p, 0)
        alerts = parse_alerts(p.stdout_text)
        self.assertEqual(len(alerts), len(EXAMPLE_ALERT_LINES))
        return alerts

    def without_file(self, alerts):
        out = []
        for a in alerts:
            a = dict(a)
            a["source"] = {"line": a["source"]["line"]}
            out.append(a)
        return out

    def test_gzip_file_gives_the_same_alerts(self):
        with open(EXAMPLES, "rb") as f:
            data = f.read()
        gz = self.path("events.ndjson.gz")
        with gzip.open(gz, "wb") as f:
            f.write(data)
        # The magic bytes decide, not the name.
        disguised = self.path("events.log")
        shutil.copy(gz, disguised)
        plain = self.plain_alerts()
        for path in (gz, disguised):
            with self.subTest(path=path):
                p = vigil("run", "--no-progress", path)
                self.assertExit(p, 0)
                alerts = parse_alerts(p.stdout_text)
                self.assertEqual(self.without_file(alerts), self.without_file(plain))
                self.assertTrue(all(a["source"]["file"] == path for a in alerts))
                self.assertIn("vigil: done: 63 events, ", stats_line(p.stderr_text))

    def test_concatenated_gzip_members_are_read_in_full(self):
        lines = example_lines()
        gz = self.path("two_members.gz")
        with open(gz, "wb") as f:
            f.write(gzip.compress(("\n".join(lines[:40]) + "\n").encode()))
            f.write(gzip.compress(("\n".join(lines[40:]) + "\n").encode()))
        p = vigil("run", "--no-progress", gz)
        self.assertExit(p, 0)
        self.assertEqual(self.without_file(parse_alerts(p.stdout_text)), self.without_file(self.plain_alerts()))

    def test_stdin_dash_and_no_argument_give_the_same_alerts(self):
        with open(EXAMPLES, "rb") as f:
            data = f.read()
        plain = self.plain_alerts()
        for args in (["-"], []):
            with self.subTest(args=args):
                p = vigil("run", "--no-progress", *args, stdin_bytes=data)
                self.assertExit(p, 0)
                alerts = parse_alerts(p.stdout_text)
                self.assertEqual(self.without_file(alerts), self.without_file(plain))
                self.assertTrue(all(a["source"]["file"] == "-" for a in alerts))
        # gzip on stdin too
        p = vigil("run", "--no-progress", "-", stdin_bytes=gzip.compress(data))
        self.assertExit(p, 0)
        self.assertEqual(self.without_file(parse_alerts(p.stdout_text)), self.without_file(plain))

    def test_truncated_gzip_is_reported_not_a_crash(self):
        with open(EXAMPLES, "rb") as f:
            data = f.read()
        compressed = gzip.compress(data * 4)
        path = write(self.path("cut.ndjson.gz"), compressed[: len(compressed) * 2 // 3], mode="wb")
        outputs = []
        for threads in ("1", "2"):
            p = vigil("run", "--no-progress", "--threads", threads, path)
            self.assertExit(p, 0)
            self.assertIn(f"vigil: {path}", p.stderr_text)
            self.assertIn(": read error: truncated gzip", p.stderr_text)
            st = stats_line(p.stderr_text)
            self.assertIn("; bad lines: 1 read error;", st)
            # What was decompressed before the cut was judged: the first copy's alerts at least.
            lines = [a["source"]["line"] for a in parse_alerts(p.stdout_text)]
            self.assertEqual(lines[:len(EXAMPLE_ALERT_LINES)], EXAMPLE_ALERT_LINES)
            # The error names the line being read when it happened: the one after the last complete line.
            where = re.search(re.escape(path) + r":(\d+): read error", p.stderr_text)
            self.assertIsNotNone(where, p.stderr_text)
            judged = int(stats_line(p.stderr_text).split("vigil: done: ")[1].split(" ")[0])
            self.assertEqual(int(where.group(1)), judged + 1)
            outputs.append((p.stdout_text, st.split("; ")[0], where.group(1)))
        self.assertEqual(outputs[0], outputs[1])
        # --strict makes it exit 1
        p = vigil("run", "--no-progress", "--strict", path)
        self.assertExit(p, 1)

    def test_corrupt_gzip_is_reported_not_a_crash(self):
        with open(EXAMPLES, "rb") as f:
            compressed = bytearray(gzip.compress(f.read()))
        for i in range(200, 260):
            compressed[i] ^= 0x5A
        path = write(self.path("bad.gz"), bytes(compressed), mode="wb")
        p = vigil("run", "--no-progress", path)
        self.assertExit(p, 0)
        self.assertIn("read error", p.stderr_text)
        self.assertIsNotNone(stats_line(p.stderr_text))


class RunDedupTest(TempDirTest):
    """Dedup windows and thresholds over EVENT time (the file is processed in milliseconds, so only
    event time can put two matches 61 minutes apart)."""

    def go(self, rule_text, lines, *extra, code=0):
        write(self.path("rules", "rule.yml"), rule_text)
        path = write(self.path("events.ndjson"), "\n".join(lines) + "\n")
        p = vigil("run", "--no-progress", "--rules", self.path("rules"), *extra, path)
        self.assertExit(p, code)
        return p, parse_alerts(p.stdout_text)

    def summary(self):
        with open(self.path("summary.json")) as f:
            return json.load(f)["alerts"]

    def test_same_dedup_ten_minutes_apart_is_one_alert(self):
        p, alerts = self.go(test_app_rule(), [login("alice", "2026-03-01T10:00:00Z"), login("alice", "2026-03-01T10:10:00Z")],
                            "--summary", self.path("summary.json"))
        self.assertEqual([(a["source"]["line"], a["dedup"], a["event_time"]) for a in alerts],
                         [(1, "login_alice", "2026-03-01T10:00:00.000Z")])
        self.assertIn(" 2 matches, 1 alerts;", stats_line(p.stderr_text))
        s = self.summary()
        self.assertEqual(len(s), 1)
        self.assertEqual((s[0]["rule_id"], s[0]["dedup"], s[0]["title"], s[0]["event_count"], s[0]["first_event_time"],
                          s[0]["last_event_time"]),
                         ("Test.Login", "login_alice", "login by alice", 2, "2026-03-01T10:00:00.000Z", "2026-03-01T10:10:00.000Z"))

    def test_same_dedup_61_minutes_apart_is_two_alerts(self):
        p, alerts = self.go(test_app_rule(), [login("alice", "2026-03-01T10:00:00Z"), login("alice", "2026-03-01T11:01:00Z")],
                            "--summary", self.path("summary.json"))
        self.assertEqual([(a["source"]["line"], a["event_time"]) for a in alerts],
                         [(1, "2026-03-01T10:00:00.000Z"), (2, "2026-03-01T11:01:00.000Z")])
        s = self.summary()
        self.assertEqual([(x["event_count"], x["first_event_time"], x["last_event_time"]) for x in s],
                         [(1, "2026-03-01T10:00:00.000Z", "2026-03-01T10:00:00.000Z"),
                          (1, "2026-03-01T11:01:00.000Z", "2026-03-01T11:01:00.000Z")])

    def test_window_is_the_rules_dedup_period(self):
        # 59 minutes apart is inside a 60-minute window; with a 30-minute period it is a new alert.
        lines = [login("alice", "2026-03-01T10:00:00Z"), login("alice", "2026-03-01T10:59:00Z")]
        _, alerts = self.go(test_app_rule(period=60), lines)
        self.assertEqual(len(alerts), 1)
        _, alerts = self.go(test_app_rule(period=30), lines)
        self.assertEqual([a["source"]["line"] for a in alerts], [1, 2])

    def test_event_without_a_time_has_null_event_time(self):
        _, alerts = self.go(test_app_rule(), [event_line(p_log_type="Test.App", action="login", user="alice"),
                                              event_line(p_log_type="Test.App", action="login", user="alice")])
        self.assertEqual([(a["source"]["line"], a["event_time"]) for a in alerts], [(1, None)])

    def test_different_dedup_strings_alert_separately(self):
        _, alerts = self.go(test_app_rule(), [login("alice", "2026-03-01T10:00:00Z"), login("bob", "2026-03-01T10:01:00Z"),
                                              login("alice", "2026-03-01T10:02:00Z")])
        self.assertEqual([(a["source"]["line"], a["dedup"]) for a in alerts], [(1, "login_alice"), (2, "login_bob")])

    def test_all_matches_writes_every_match(self):
        p, alerts = self.go(test_app_rule(), [login("alice", "2026-03-01T10:00:00Z"), login("alice", "2026-03-01T10:10:00Z")],
                            "--all-matches")
        self.assertEqual([(a["source"]["line"], a["dedup"], a["event_time"]) for a in alerts],
                         [(1, "login_alice", "2026-03-01T10:00:00.000Z"), (2, "login_alice", "2026-03-01T10:10:00.000Z")])

    def test_threshold_opens_the_alert_at_the_nth_match(self):
        lines = [login("alice", "2026-03-01T10:00:00Z"), event_line(p_log_type="Test.App", action="logout", user="alice"),
                 login("alice", "2026-03-01T10:05:00Z"), login("alice", "2026-03-01T10:20:00Z"),
                 login("alice", "2026-03-01T10:30:00Z")]
        p, alerts = self.go(test_app_rule(threshold=3), lines, "--summary", self.path("summary.json"))
        self.assertEqual(len(alerts), 1, p.stdout_text)
        a = alerts[0]
        self.assertEqual(a["source"]["line"], 4)
        self.assertEqual(a["event_time"], "2026-03-01T10:20:00.000Z")
        self.assertEqual(a["event"], json.loads(lines[3]))
        self.assertEqual(a["severity"], "Medium")
        self.assertIn(" 4 matches, 1 alerts;", stats_line(p.stderr_text))
        s = self.summary()
        self.assertEqual([(x["event_count"], x["first_event_time"], x["last_event_time"], x["source"]["line"]) for x in s],
                         [(4, "2026-03-01T10:00:00.000Z", "2026-03-01T10:30:00.000Z", 4)])

    def test_threshold_not_reached_raises_nothing(self):
        p, alerts = self.go(test_app_rule(threshold=3), [login("alice", "2026-03-01T10:00:00Z"), login("alice", "2026-03-01T10:05:00Z"),
                                                         login("bob", "2026-03-01T10:06:00Z")], "--summary", self.path("summary.json"))
        self.assertEqual(alerts, [])
        self.assertIn(" 3 matches, 0 alerts;", stats_line(p.stderr_text))
        self.assertEqual(self.summary(), [])

    def test_threshold_counts_only_inside_the_window(self):
        # Three matches, but the third is 61 minutes after the first: a new window with count 1.
        _, alerts = self.go(test_app_rule(threshold=3), [login("alice", "2026-03-01T10:00:00Z"), login("alice", "2026-03-01T10:30:00Z"),
                                                         login("alice", "2026-03-01T11:01:00Z")])
        self.assertEqual(alerts, [])

    def test_distinct_on_opens_at_the_nth_different_value(self):
        # Threshold {Count: 3, DistinctOn: host}: repeats of one host do not count; a null host is a
        # match that adds no value; the third different host inside the window opens the alert.
        rule = test_app_rule(threshold="{Count: 3, DistinctOn: host}")
        lines = [login("alice", "2026-03-01T10:00:00Z", host="h1"), login("alice", "2026-03-01T10:01:00Z", host="h1"),
                 login("alice", "2026-03-01T10:02:00Z"), login("bob", "2026-03-01T10:03:00Z", host="h2"),
                 login("alice", "2026-03-01T10:04:00Z", host="h2"), login("alice", "2026-03-01T10:05:00Z", host="h3"),
                 login("alice", "2026-03-01T10:06:00Z", host="h4")]
        p, alerts = self.go(rule, lines, "--summary", self.path("summary.json"))
        self.assertEqual([(a["source"]["line"], a["dedup"]) for a in alerts], [(6, "login_alice")], p.stdout_text)
        self.assertIn(" 7 matches, 1 alerts;", stats_line(p.stderr_text))
        self.assertEqual([(x["event_count"], x["first_event_time"]) for x in self.summary()], [(6, "2026-03-01T10:00:00.000Z")])

    def test_distinct_on_counts_only_inside_the_window(self):
        rule = test_app_rule(threshold="{Count: 2, DistinctOn: host}", period=10)
        lines = [login("alice", "2026-03-01T10:00:00Z", host="h1"), login("alice", "2026-03-01T10:10:00Z", host="h2"),
                 login("alice", "2026-03-01T10:11:00Z", host="h2")]
        _, alerts = self.go(rule, lines)
        self.assertEqual(alerts, [])
        _, alerts = self.go(test_app_rule(threshold="{Count: 2, DistinctOn: host}", period=11), lines)
        self.assertEqual([a["source"]["line"] for a in alerts], [2])

    def test_distinct_on_without_count_is_a_load_error(self):
        p, _ = self.go(test_app_rule(threshold="{DistinctOn: host}"), [login("alice", "2026-03-01T10:00:00Z")], code=2)
        self.assertIn("rule.yml:6:12: error: Threshold needs Count", p.stderr_text)


class RunThreadsTest(TempDirTest):
    """Judging on several threads must not change a byte of the output."""

    REPEATS = 320  # x 63 example lines + a few bad ones = about 20,000 lines

    def generated_input(self):
        ex = example_lines()
        names = ["jordan-admin", "runner-client-cert", "priya-breakglass", "sam-debug-cert"]
        day0 = datetime.date(2026, 11, 27)
        out = []
        for k in range(self.REPEATS):
            day = (day0 + datetime.timedelta(days=k // 2)).isoformat()
            for i, line in enumerate(ex):
                line = line.replace("2026-11-27", day)
                if k % 2:
                    # The odd copies move 10:1x events 40 minutes later (out of order): the same day's
                    # dedup windows count them when the names repeat, and alert when they do not.
                    line = line.replace(f"{day}T10:1", f"{day}T10:5")
                if k % 3 == 0:
                    for n in names:
                        line = line.replace(n, f"{n}-{k}")
                out.append(line)
                if i == 20 and k % 50 == 0:
                    out.append('{"broken": ')
        return write(self.path("big.ndjson"), "\n".join(out) + "\n")

    def test_one_and_two_threads_give_byte_identical_alerts(self):
        path = self.generated_input()
        outputs = {}
        for threads in ("1", "2", "3"):
            out = self.path(f"alerts-{threads}.ndjson")
            summary = self.path(f"summary-{threads}.json")
            p = vigil("run", "--no-progress", "--threads", threads, "--output", out, "--summary", summary, path, timeout=45)
            self.assertExit(p, 0)
            with open(out, "rb") as f, open(summary, "rb") as g:
                outputs[threads] = (f.read(), g.read(), stats_line(p.stderr_text).split("; ")[:2])
        alerts = parse_alerts(outputs["1"][0].decode())
        self.assertGreater(len(alerts), 500)
        lines = [a["source"]["line"] for a in alerts]
        self.assertEqual(lines, sorted(lines))
        self.assertEqual(outputs["1"][0], outputs["2"][0])
        self.assertEqual(outputs["1"][0], outputs["3"][0])
        self.assertEqual(outputs["1"][1], outputs["2"][1])
        self.assertEqual(outputs["1"][2], outputs["2"][2])
        self.assertIn("bad lines: 7 invalid JSON", "; ".join(outputs["2"][2]))

    def test_one_thread_means_one_thread_while_loading_too(self):
        """`--threads 1` is one thread from start to end: a big pack is parsed and compiled on the
        calling thread, not on every core. A process on one thread cannot use more CPU time than
        wall-clock time, while 800 rule files loaded on both cores of a 2-core machine take ~1.6x
        (a loader that ignores the option fails here). A one-core machine cannot tell, and skips."""
        if (os.cpu_count() or 1) < 2:
            self.skipTest("one core: a parallel load would not show")
        for i in range(800):
            write(self.path("pack", f"rule_{i:04d}.yml"), (
                "AnalysisType: rule\n"
                f"RuleID: Load.Test.{i:04d}\n"
                "LogTypes: [Amazon.EKS.Audit, Azure.MonitorActivity, GCP.AuditLog]\n"
                "Severity: Low\n"
                "Condition:\n"
                f"  - verb eq \"create\" and resource eq \"secrets-{i}\"\n"
                "  - 'namespace eq \"kube-system\"'\n"
                f"AlertTitle: 'secret {i} created by {{coalesce(username, \"<UNKNOWN>\")}}'\n"
                "AlertContext:\n  username: username\n  verb: verb\n  namespace: namespace\n"))
        empty = write(self.path("empty.ndjson"), "")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        p = vigil("run", "--no-progress", "--threads", "1", "--rules", self.path("pack"), "--rules", SCHEMAS_DIR, empty, timeout=45)
        wall = time.monotonic() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.assertExit(p, 0)
        self.assertIn("loaded 800 rules", p.stderr_text)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        self.assertLessEqual(cpu, wall * 1.05 + 0.02, f"{cpu:.3f} s of CPU in {wall:.3f} s: more than one thread ran")


class RunRulesLoadingTest(TempDirTest):
    """Startup: validation, --skip-invalid, disabled rules, usage errors."""

    BROKEN = ("AnalysisType: rule\nRuleID: Test.Broken\nLogTypes: [Test.App]\nSeverity: Low\n"
              "Condition: action equals \"login\"\n")

    def setUp(self):
        super().setUp()
        write(self.path("rules", "good.yml"), test_app_rule(rule_id="Test.Good"))
        self.broken = write(self.path("rules", "broken.yml"), self.BROKEN)
        self.events = write(self.path("events.ndjson"), login("alice", "2026-03-01T10:00:00Z") + "\n")

    def test_broken_rule_refuses_to_start_with_its_diagnostic(self):
        p = vigil("run", "--no-progress", "--rules", self.path("rules"), self.events)
        self.assertExit(p, 2)
        self.assertEqual(p.stdout_text, "")
        self.assertIn(f"{self.broken}:5:19: error: unknown operator 'equals'", p.stderr_text)
        self.assertIn("    5 | Condition: action equals \"login\"", p.stderr_text)
        self.assertIn("      |                   ^", p.stderr_text)
        self.assertIn("--skip-invalid", p.stderr_text)
        self.assertIsNone(stats_line(p.stderr_text))

    def test_skip_invalid_runs_the_valid_rules_and_names_the_dropped_one(self):
        p = vigil("run", "--no-progress", "--skip-invalid", "--rules", self.path("rules"), self.events)
        self.assertExit(p, 0)
        self.assertIn(f"{self.broken}:5:19: error: unknown operator 'equals'", p.stderr_text)
        dropped = [l for l in p.stderr_text.splitlines() if "dropped" in l]
        self.assertEqual(len(dropped), 1, p.stderr_text)
        self.assertIn("Test.Broken", dropped[0])
        self.assertIn(self.broken, dropped[0])
        alerts = parse_alerts(p.stdout_text)
        self.assertEqual([a["rule_id"] for a in alerts], ["Test.Good"])
        self.assertEqual(alerts[0]["event_time"], "2026-03-01T10:00:00.000Z")
        self.assertIn("vigil: loaded 1 rule, 0 data models, 1 log type (Test.App)", p.stderr_text)

    def test_disabled_rules_raise_no_alerts(self):
        os.remove(self.broken)
        write(self.path("rules", "off.yml"), test_app_rule(rule_id="Test.Off", enabled=False))
        p = vigil("run", "--no-progress", "--rules", self.path("rules"), self.events)
        self.assertExit(p, 0)
        self.assertEqual([a["rule_id"] for a in parse_alerts(p.stdout_text)], ["Test.Good"])
        self.assertIn("vigil: loaded 1 rule,", p.stderr_text)
        # With only the disabled rule nothing can alert.
        p = vigil("run", "--no-progress", "--rules", self.path("rules", "off.yml"), self.events)
        self.assertExit(p, 0)
        self.assertEqual(p.stdout_text, "")
        self.assertIn(" 0 matches, 0 alerts;", stats_line(p.stderr_text))

    def test_several_rules_paths_and_events_after_them(self):
        os.remove(self.broken)
        write(self.path("more", "other.yml"), test_app_rule(rule_id="Test.Other"))
        p = vigil("run", "--no-progress", "--rules", self.path("rules"), "--rules", self.path("more"), self.events)
        self.assertExit(p, 0)
        self.assertEqual(sorted(a["rule_id"] for a in parse_alerts(p.stdout_text)), ["Test.Good", "Test.Other"])

    def test_usage_errors_exit_2(self):
        for args in (["run", "--no-such-flag"], ["run", "--max-line-bytes", "lots"], ["frobnicate"], []):
            with self.subTest(args=args):
                p = vigil(*args)
                self.assertExit(p, 2)
                self.assertEqual(p.stdout_text, "")
                self.assertNotEqual(p.stderr_text.strip(), "")

    def test_unwritable_output_is_exit_2(self):
        p = vigil("run", "--no-progress", "--output", self.path("no", "such", "dir", "a.ndjson"), EXAMPLES)
        self.assertExit(p, 2)
        self.assertIn("cannot write", p.stderr_text)


class RunSignalsTest(TempDirTest):
    """SIGTERM flushes and exits; SIGHUP reloads, and a failed reload keeps the old rules."""

    def start(self, *args):
        proc = LiveProcess([VIGIL, "run", "--no-progress", *args])
        self.addCleanup(proc.kill)
        return proc

    def sigterm_while_blocked(self, *args):
        ex = example_lines()
        proc = self.start(*args)
        proc.send(ex[34])  # alerts
        proc.send(ex[0])   # benign
        self.assertTrue(proc.wait_stdout_count(1), proc.describe())
        time.sleep(0.3)  # let it block in read(2) on the empty pipe
        started = time.monotonic()
        proc.proc.send_signal(signal.SIGTERM)
        rc = proc.finish(timeout=5)
        elapsed = time.monotonic() - started
        self.assertEqual(rc, 0, proc.describe())
        self.assertLess(elapsed, 5)
        self.assertEqual(len(proc.out_lines), 1, proc.describe())
        alert = json.loads(proc.out_lines[0])
        self.assertEqual((alert["source"], alert["title"]), ({"file": "-", "line": 1}, csr_title("jordan.lee@example.com", "jordan-admin")))
        st = stats_line("\n".join(proc.err_lines))
        self.assertIsNotNone(st, proc.describe())
        self.assertTrue(st.startswith("vigil: interrupted: 2 events, "), st)
        self.assertIn(" 1 matches, 1 alerts; bad lines: none;", st)

    def test_sigterm_while_waiting_on_stdin_flushes_and_exits_0(self):
        self.sigterm_while_blocked()

    def test_sigterm_while_waiting_on_stdin_single_thread(self):
        self.sigterm_while_blocked("--threads", "1", "-")

    def sighup_reload(self, *args):
        rules = self.path("rules")
        os.makedirs(rules)
        rule_file = shutil.copy(CSR_RULE, os.path.join(rules, "csr.yml"))
        shutil.copy(K8S_SHARED, rules)
        for name in os.listdir(SCHEMAS_DIR):
            shutil.copy(os.path.join(SCHEMAS_DIR, name), rules)
        with open(rule_file) as f:
            good = f.read()
        line35 = example_lines()[34]

        proc = self.start("--rules", rules, *args)
        self.assertTrue(proc.wait_stderr("vigil: loaded 1 rule, 3 data models"), proc.describe())
        proc.send(line35)
        self.assertTrue(proc.wait_stdout_count(1), proc.describe())
        self.assertEqual(json.loads(proc.out_lines[0])["title"], csr_title("jordan.lee@example.com", "jordan-admin"))

        # A broken rule file and SIGHUP: the reload fails, says why, and the old rules keep alerting.
        with open(rule_file, "w") as f:
            f.write(good.replace('verb eq "create" and', 'verb equals "create" and'))
        time.sleep(0.3)
        proc.proc.send_signal(signal.SIGHUP)
        self.assertTrue(proc.wait_stderr("reload failed"), proc.describe())
        err = "\n".join(proc.err_lines)
        line = next(n for n, l in enumerate(good.splitlines(), 1) if 'verb eq "create" and' in l)
        self.assertIn(f"{rule_file}:{line}:10: error: unknown operator 'equals'", err)
        proc.send(line35.replace("jordan-admin", "jordan-admin-2"))
        self.assertTrue(proc.wait_stdout_count(2), proc.describe())
        self.assertEqual(json.loads(proc.out_lines[1])["title"], csr_title("jordan.lee@example.com", "jordan-admin-2"))

        # A fixed rule with a new title and SIGHUP: the next alert has the new title.
        with open(rule_file, "w") as f:
            f.write(good.replace("created client certificate signing request", "requested a client certificate"))
        time.sleep(0.3)
        proc.proc.send_signal(signal.SIGHUP)
        self.assertTrue(proc.wait_stderr("vigil: reloaded 1 rule, 3 data models"), proc.describe())
        proc.send(line35.replace("jordan-admin", "jordan-admin-3"))
        self.assertTrue(proc.wait_stdout_count(3), proc.describe())
        self.assertEqual(json.loads(proc.out_lines[2])["title"], "[jordan.lee@example.com] requested a client certificate [jordan-admin-3]")

        proc.proc.stdin.close()
        self.assertEqual(proc.finish(timeout=10), 0, proc.describe())
        self.assertEqual(len(proc.out_lines), 3)
        self.assertIn(" 3 matches, 3 alerts;", stats_line("\n".join(proc.err_lines)))

    def test_sighup_reload_with_a_broken_rule_keeps_the_old_rules(self):
        self.sighup_reload()

    def test_sighup_reload_single_thread(self):
        self.sighup_reload("--threads", "1")

    def test_many_reloads_with_broken_files_write_the_alerts_of_a_run_without_reloads(self):
        self.many_reloads()

    def test_many_reloads_single_thread(self):
        self.many_reloads("--threads", "1")

    def many_reloads(self, *args):
        # Reloads while events stream in, every other one with a broken file in the rules folder
        # (an unknown operator, invalid YAML, text yaml-cpp's LoadAll once looped on, an alias bomb):
        # the alerts must be byte for byte those of the same input without reloads, so no event is
        # lost or judged twice around a reload, and dedup windows survive it. The issue asks for 200
        # reloads; VIGIL_E2E_RELOADS=200 runs that many (ctest runs 24, which takes a few seconds).
        reloads = int(os.environ.get("VIGIL_E2E_RELOADS", "24"))
        rules = self.path("rules")
        os.makedirs(rules)
        shutil.copy(CSR_RULE, rules)
        shutil.copy(K8S_SHARED, rules)
        for name in os.listdir(SCHEMAS_DIR):
            shutil.copy(os.path.join(SCHEMAS_DIR, name), rules)
        broken = ['AnalysisType: rule\nRuleID: X.Broken\nLogTypes: [Amazon.EKS.Audit]\nSeverity: Low\nCondition: verb equals "get"\n',
                  "AnalysisType: rule\nRuleID: [unclosed\n",
                  'AnalysisType: rule\n--- "message", status.message))\n',
                  "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n"
                  "d: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e]\n"]
        # The example events, many times over with fresh CSR names (new alerts) and the same ones
        # again (counted in open dedup windows), so alerts keep coming all through the reloads.
        lines = []
        for round_ in range(40):
            for line in example_lines():
                lines.append(line.replace("jordan-admin", f"jordan-admin-{round_ % 25}"))
        baseline = vigil("run", "--no-progress", *args, "--rules", rules, "-", stdin_bytes=("\n".join(lines) + "\n").encode())
        self.assertExit(baseline, 0)
        self.assertGreater(len(parse_alerts(baseline.stdout_text)), 25)

        proc = LiveProcess([VIGIL, "run", "--no-progress", *args, "--rules", rules, "-"])
        self.addCleanup(proc.kill)
        self.assertTrue(proc.wait_stderr("vigil: loaded 1 rule"), proc.describe())
        chunk = max(1, len(lines) // (reloads + 1))
        sent = 0
        for i in range(reloads):
            for line in lines[sent:sent + chunk]:
                proc.send(line)
            sent += chunk
            bad_file = os.path.join(rules, "broken.yml")
            if i % 2 == 0:
                write(bad_file, broken[(i // 2) % len(broken)])
            elif os.path.exists(bad_file):
                os.remove(bad_file)
            done = sum(1 for l in proc.err_lines if "reload failed;" in l or l.startswith("vigil: reloaded "))
            proc.proc.send_signal(signal.SIGHUP)
            # One signal at a time: a second SIGHUP before the first was handled would merge with it.
            self.assertTrue(proc.wait_for(lambda: sum(1 for l in proc.err_lines if "reload failed;" in l or l.startswith("vigil: reloaded ")) > done,
                                          timeout=20), proc.describe())
        for line in lines[sent:]:
            proc.send(line)
        proc.proc.stdin.close()
        self.assertEqual(proc.finish(timeout=30), 0, proc.describe())
        err = "\n".join(proc.err_lines)
        self.assertEqual(err.count("reload failed;"), (reloads + 1) // 2, err[-2000:])
        self.assertEqual(err.count("vigil: reloaded "), reloads // 2)
        self.assertEqual(proc.out_lines, baseline.stdout_text.splitlines())

    def test_end_of_stdin_ends_the_run(self):
        proc = self.start("-")
        proc.send(example_lines()[34])
        self.assertTrue(proc.wait_stdout_count(1), proc.describe())
        proc.proc.stdin.close()
        self.assertEqual(proc.finish(timeout=10), 0)
        self.assertTrue(stats_line("\n".join(proc.err_lines)).startswith("vigil: done: 1 events, "))


if __name__ == "__main__":
    unittest.main()
