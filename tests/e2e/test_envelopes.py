"""`vigil run --envelope`: export envelopes holding many events are judged event by event.

The envelopes are built around the bundled example events in the shapes the clouds document:
- CloudWatch Logs subscription payloads ("Using CloudWatch Logs subscription filters", example data:
  messageType, owner, logGroup, logStream, subscriptionFilters, logEvents[{id, timestamp, message}]),
  for EKS the log group /aws/eks/<cluster>/cluster and streams kube-apiserver-audit-<id> (EKS user
  guide, control plane logging); Kinesis Data Firehose concatenates payloads without a separator and
  gzips them.
- Azure Monitor resource-log bodies as diagnostic settings send them to Event Hubs: {"records": [...]}.
- CloudTrail log files: {"Records": [...]}.
The differential: the alerts from the envelopes are the alerts from the same events as plain NDJSON
(same rules, titles, dedup strings and events), with each alert's source pointing at its envelope
line and its index there.
"""

import gzip
import json
import os
import unittest

from e2e_support import (EXAMPLES, K8S_DIR, RULES_DIR, SCHEMAS_DIR, TempDirTest, parse_alerts, stats_line, vigil, write)

EMULATION = os.path.join(K8S_DIR, "examples", "k8s_attack_emulation.ndjson")


def events_of(log_type):
    out = []
    for path in (EXAMPLES, EMULATION):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    e = json.loads(line)
                    if e.get("p_log_type") == log_type:
                        out.append(e)
    return out


def without_log_type(e):
    """The event as the cloud exports it: p_log_type is added by a pipeline, not by the source."""
    return {k: v for k, v in e.items() if k != "p_log_type"}


def cloudwatch_payload(events, cluster="prod-euw1", stream="kube-apiserver-audit-0a1b2c3d4e5f60718293a4b5c6d7e8f9", message_type="DATA_MESSAGE"):
    return {"messageType": message_type, "owner": "111122223333", "logGroup": f"/aws/eks/{cluster}/cluster", "logStream": stream,
            "subscriptionFilters": ["vigil-audit"],
            "logEvents": [{"id": str(36000000000000000000000000000000000000000000000000000000 + i), "timestamp": 1741000000000 + i,
                           "message": json.dumps(e, separators=(",", ":"))} for i, e in enumerate(events)]}


def alert_key(a):
    """What must be the same whichever way the event arrived (not where it came from)."""
    event = {k: v for k, v in a["event"].items() if k != "p_log_type"}
    return (a["rule_id"], a["title"], a["dedup"], a["severity"], json.dumps(event, sort_keys=True))


class EnvelopeTest(TempDirTest):
    def run_vigil(self, *args, stdin_bytes=None):
        p = vigil("run", "--no-progress", "--rules", RULES_DIR, "--rules", SCHEMAS_DIR, *args, stdin_bytes=stdin_bytes)
        self.assertExit(p, 0)
        return p

    def plain_alerts(self, events):
        path = write(self.path("plain.ndjson"), "".join(json.dumps(e) + "\n" for e in events))
        alerts = parse_alerts(self.run_vigil(path).stdout_text)
        self.assertGreater(len(alerts), 3, "the example events raise alerts of several rules")
        return alerts

    def check_sources(self, alerts, positions):
        """Each alert's source (line, index) is where its event sits in the envelope file."""
        for a in alerts:
            src = a["source"]
            self.assertIn("index", src)
            event = {k: v for k, v in a["event"].items() if k != "p_log_type"}
            self.assertEqual(positions[(src["line"], src["index"])], event, src)

    def test_cloudwatch_payloads_raise_the_alerts_of_their_events(self):
        eks = events_of("Amazon.EKS.Audit")
        self.assertGreater(len(eks), 10)
        expected = sorted(map(alert_key, self.plain_alerts(eks)))
        # Payloads of 1 to 4 events; every third line holds two payloads back to back (Firehose).
        lines, positions, i, n = [], {}, 0, 0
        while i < len(eks):
            payloads = []
            index = 0
            for _ in range(2 if len(lines) % 3 == 2 else 1):
                size = 1 + (n % 4)
                n += 1
                chunk = [without_log_type(e) for e in eks[i:i + size]]
                i += size
                for e in chunk:
                    index += 1
                    positions[(len(lines) + 1, index)] = e
                payloads.append(json.dumps(cloudwatch_payload(chunk)))
                if i >= len(eks):
                    break
            lines.append("".join(payloads))
        # Firehose's S3 objects are gzip; CloudWatch's reachability check comes first.
        control = json.dumps(cloudwatch_payload([{"note": "CWL CONTROL MESSAGE: Checking health of destination Firehose."}], message_type="CONTROL_MESSAGE"))
        positions = {(line + 1, index): e for (line, index), e in positions.items()}
        path = self.path("payloads.json.gz")
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(control + "\n" + "\n".join(lines) + "\n")
        for threads in ("1", "2"):
            with self.subTest(threads=threads):
                p = self.run_vigil("--envelope", "cloudwatch-logs", "--threads", threads, path)
                alerts = parse_alerts(p.stdout_text)
                self.assertEqual(sorted(map(alert_key, alerts)), expected)
                self.check_sources(alerts, positions)
                self.assertIn(f"done: {len(eks)} events", stats_line(p.stderr_text))
                self.assertIn("bad lines: none", stats_line(p.stderr_text))
        # stdin takes the line-by-line path
        with open(path, "rb") as f:
            p = self.run_vigil("--envelope", "cloudwatch-logs", "--threads", "1", "-", stdin_bytes=gzip.decompress(f.read()))
        self.assertEqual(sorted(map(alert_key, parse_alerts(p.stdout_text))), expected)

    def test_azure_records_raise_the_alerts_of_their_events(self):
        aks = events_of("Azure.MonitorActivity")
        self.assertGreater(len(aks), 5)
        expected = sorted(map(alert_key, self.plain_alerts(aks)))
        lines, positions = [], {}
        for start in range(0, len(aks), 5):
            chunk = [without_log_type(e) for e in aks[start:start + 5]]
            for k, e in enumerate(chunk):
                positions[(len(lines) + 1, k + 1)] = e
            lines.append(json.dumps({"records": chunk}, indent=None))
        path = write(self.path("eventhub.json"), "\n".join(lines) + "\n")
        for threads in ("1", "2"):
            with self.subTest(threads=threads):
                p = self.run_vigil("--envelope", "azure-records", "--threads", threads, path)
                alerts = parse_alerts(p.stdout_text)
                self.assertEqual(sorted(map(alert_key, alerts)), expected)
                self.check_sources(alerts, positions)
                # The event is passed on byte for byte as it was in the record.
                for a in alerts:
                    self.assertIn(json.dumps(a["event"]), lines[a["source"]["line"] - 1])

    def test_envelope_problems_are_reported_with_their_position_and_nothing_else_is_lost(self):
        eks = [without_log_type(e) for e in events_of("Amazon.EKS.Audit")]
        good = json.dumps(cloudwatch_payload(eks[:2]))
        lines = [
            good,
            json.dumps(cloudwatch_payload(["not an event"]) | {"logEvents": [{"id": "1", "timestamp": 1}, {"id": "2", "message": "{\"verb\":"}]}),
            json.dumps(cloudwatch_payload([{"a": 1}], stream="authenticator-0a1b2c")),
            json.dumps({"records": []}),
            good[: len(good) // 2],
            good,
        ]
        path = write(self.path("mixed.json"), "\n".join(lines) + "\n")
        p = vigil("run", "--no-progress", "--rules", RULES_DIR, "--rules", SCHEMAS_DIR, "--envelope", "cloudwatch-logs", path)
        self.assertExit(p, 0)
        err = p.stderr_text
        self.assertIn(f"{path}:2#1: not an event: logEvents[0] has no message", err)
        self.assertIn(f"{path}:2#2: invalid JSON", err)
        self.assertIn(f"{path}:3#1: not an event: log stream 'authenticator-0a1b2c' of /aws/eks/prod-euw1/cluster is not an audit log stream", err)
        self.assertIn(f"{path}:4: not an event: envelope 1 has no 'logEvents' list (not a CloudWatch Logs subscription payload)", err)
        self.assertIn(f"{path}:5: not an event: the line ends inside an envelope", err)
        # 2 + 2 + 1 + 1 (line 4) + 1 (line 5) + 2 events; the problems counted by kind
        stats = stats_line(err)
        self.assertIn("done: 9 events", stats)
        self.assertIn("bad lines: 1 invalid JSON, 4 not an event", stats)
        self.assertEqual(vigil("run", "--no-progress", "--strict", "--rules", RULES_DIR, "--rules", SCHEMAS_DIR, "--envelope",
                               "cloudwatch-logs", path).returncode, 1)

    def test_log_type_comes_from_the_event_then_log_type_option_then_the_envelope(self):
        eks = events_of("Amazon.EKS.Audit")
        plain = sorted(map(alert_key, self.plain_alerts(eks)))
        # A log group that is not an EKS one says nothing about the log type.
        payload = cloudwatch_payload([without_log_type(e) for e in eks])
        payload["logGroup"] = "/custom/audit"
        path = write(self.path("custom.json"), json.dumps(payload) + "\n")
        p = self.run_vigil("--envelope", "cloudwatch-logs", path)
        self.assertEqual(parse_alerts(p.stdout_text), [])
        self.assertIn(f"{len(eks)} missing log type", stats_line(p.stderr_text))
        p = self.run_vigil("--envelope", "cloudwatch-logs", "--log-type", "Amazon.EKS.Audit", path)
        self.assertEqual(sorted(map(alert_key, parse_alerts(p.stdout_text))), plain)
        # An event's own p_log_type wins over both.
        payload = cloudwatch_payload(eks)
        path = write(self.path("own.json"), json.dumps(payload) + "\n")
        p = self.run_vigil("--envelope", "cloudwatch-logs", "--log-type", "GCP.AuditLog", path)
        self.assertEqual(sorted(map(alert_key, parse_alerts(p.stdout_text))), plain)

    def test_explain_names_envelope_events_as_alerts_do(self):
        eks = [without_log_type(e) for e in events_of("Amazon.EKS.Audit")]
        path = write(self.path("payloads.json"), json.dumps(cloudwatch_payload(eks[:10])) + "\n" + json.dumps(cloudwatch_payload(eks[10:])) + "\n")
        alerts = parse_alerts(self.run_vigil("--envelope", "cloudwatch-logs", "--threads", "1", path).stdout_text)
        self.assertGreater(len(alerts), 2)
        p = vigil("explain", "--rules", RULES_DIR, "--rules", SCHEMAS_DIR, "--envelope", "cloudwatch-logs", "--format", "json", path)
        self.assertExit(p, 0)
        events = json.loads(p.stdout_text)["events"]
        self.assertEqual(len(events), len(eks))
        explained = {(e["source"]["line"], e["source"]["index"]): e["explanation"] for e in events}
        for a in alerts:
            rules = explained[(a["source"]["line"], a["source"]["index"])]["rules"]
            decision = {r["rule_id"]: r for r in rules}[a["rule_id"]]
            self.assertEqual(decision["decision"], "match", a["source"])
            self.assertEqual(decision["outputs"]["title"], a["title"])

    def test_cloudtrail_files_and_unknown_envelope_names(self):
        trail = {"Records": [{"eventVersion": "1.08", "eventSource": "iam.amazonaws.com", "eventName": "CreateUser"}]}
        path = write(self.path("trail.json"), json.dumps(trail) + "\n")
        p = vigil("run", "--no-progress", "--rules", RULES_DIR, "--rules", SCHEMAS_DIR, "--envelope", "cloudtrail", path)
        self.assertExit(p, 0)
        # No rule covers CloudTrail yet: the event is reported, not lost.
        self.assertIn(f"{path}:1#1: unknown log type: 'AWS.CloudTrail'", p.stderr_text)
        p = vigil("run", "--envelope", "records", path)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("unknown envelope 'records' (one of: none, azure-records, cloudwatch-logs, cloudtrail)", p.stderr_text)


if __name__ == "__main__":
    unittest.main()
