"""The Kubernetes threat pack end to end: `vigil run` with the bundled packs over attack emulations of
every Stratus Red Team Kubernetes technique on EKS, AKS and GKE (tests/pack/emulation/, written from
each technique's detonation, in each cloud's export shape) raises exactly the alerts each file's
`.expect` lists, each tagged with its technique; and benign control-plane traffic raises nothing."""
import collections
import glob
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import K8S_DIR, RULES_DIR, SOURCE_DIR, TempDirTest, pack_rule_ids, parse_alerts, run, vigil  # noqa: E402

EMULATION_DIR = os.path.join(SOURCE_DIR, "tests", "pack", "emulation")
CORPUS_GEN = os.environ.get("VIGIL_CORPUS_GEN_BIN", os.path.join(os.path.dirname(os.environ.get("VIGIL_BIN", os.path.join(SOURCE_DIR, "build", "bin", "vigil"))), "vigil-corpus-gen"))
CLOUDS = {"Amazon.EKS.Audit", "Azure.MonitorActivity", "GCP.AuditLog"}
# https://stratus-red-team.cloud/attack-techniques/kubernetes/ (all eight techniques).
STRATUS_TECHNIQUES = {
    "k8s.credential-access.dump-secrets", "k8s.credential-access.steal-serviceaccount-token",
    "k8s.persistence.create-admin-clusterrole", "k8s.persistence.create-client-certificate",
    "k8s.persistence.create-token", "k8s.privilege-escalation.hostpath-volume",
    "k8s.privilege-escalation.nodes-proxy", "k8s.privilege-escalation.privileged-pod"}


def expected(path):
    """`LINE RULE_ID` lines of a .expect file -> sorted list of (line, rule_id)."""
    out = []
    with open(path) as f:
        for raw in f:
            raw = raw.strip()
            if raw and not raw.startswith("#"):
                line, rule = raw.split()
                out.append((int(line), rule))
    return sorted(out)


class PackEmulationTest(TempDirTest):

    def emulations(self):
        files = sorted(glob.glob(os.path.join(EMULATION_DIR, "*.ndjson")))
        self.assertGreaterEqual(len(files), 11)
        return files

    def test_each_emulation_raises_exactly_its_expected_alerts(self):
        for path in self.emulations():
            want = expected(path[:-len(".ndjson")] + ".expect")
            for mode in ([], ["--no-prefilter", "--threads", "1"]):
                with self.subTest(file=os.path.basename(path), mode=mode):
                    p = vigil("run", "--no-progress", "--strict", *mode, path)
                    self.assertExit(p, 0)
                    got = sorted((a["source"]["line"], a["rule_id"]) for a in parse_alerts(p.stdout_text))
                    self.assertEqual(got, want)
                    self.assertIn("bad lines: none", p.stderr_text)

    def test_every_stratus_technique_alerts_on_every_cloud_tagged_with_its_id(self):
        p = vigil("run", "--no-progress", *self.emulations())
        self.assertExit(p, 0)
        seen = collections.defaultdict(set)
        for a in parse_alerts(p.stdout_text):
            for technique in a["reports"].get("Stratus Red Team", []):
                seen[technique].add(a["log_type"])
                # The reference is the technique's page, so a responder lands on the right one.
        self.assertEqual(set(seen), STRATUS_TECHNIQUES)
        for technique, clouds in seen.items():
            self.assertEqual(clouds, CLOUDS, technique)

    def test_every_rule_of_the_pack_alerts_in_some_emulation(self):
        p = vigil("run", "--no-progress", *self.emulations())
        rules = {a["rule_id"] for a in parse_alerts(p.stdout_text)}
        with open(os.path.join(RULES_DIR, "kubernetes", "pack.yml")) as f:
            ids = [l.strip()[2:] for l in f if l.strip().startswith("- Kubernetes.")]
        self.assertGreaterEqual(len(ids), 16)
        self.assertEqual(sorted(set(ids) - rules), [])

    def test_the_attack_examples_raise_every_rule_on_every_cloud(self):
        # rules/kubernetes/examples/k8s_attack_emulation.ndjson (the README's quick start runs it):
        # one event per rule and cloud taken from the emulations, and the five reads of the secret
        # sweep. Two gaps are the clouds': GKE logs no exec command, and the sweep is emulated on
        # EKS only here (its AKS and GKE runs are the rule's own Logs tests).
        p = vigil("run", "--no-progress", "--strict", os.path.join(K8S_DIR, "examples", "k8s_attack_emulation.ndjson"))
        self.assertExit(p, 0)
        got = {(a["rule_id"], a["log_type"]) for a in parse_alerts(p.stdout_text)}
        want = {(r, c) for r in pack_rule_ids() for c in CLOUDS}
        want -= {("Kubernetes.ServiceAccountToken.ReadViaExec", "GCP.AuditLog"),
                 ("Kubernetes.Secrets.ReadAcrossNamespaces", "Azure.MonitorActivity"),
                 ("Kubernetes.Secrets.ReadAcrossNamespaces", "GCP.AuditLog")}
        self.assertEqual(got, want)

    def test_benign_control_plane_traffic_raises_nothing(self):
        # The corpus generator's everyday traffic of three clusters (controllers, kubelets, leader
        # election, CI, operators, people) with no CSR creations: no alert may name a control-plane
        # identity (system:*, a service account of an operator, a node).
        corpus = self.path("benign.ndjson")
        g = run([CORPUS_GEN, "--events", "30000", "--csr-rate", "0", "--attack-rate", "0", "--seed", "7", "-q", "-o", corpus])
        self.assertEqual(g.returncode, 0, g.stderr_text)
        p = vigil("run", "--no-progress", corpus)
        self.assertExit(p, 0)
        alerts = parse_alerts(p.stdout_text)
        control_plane = [(a["rule_id"], a["alert_context"].get("username")) for a in alerts
                         if str(a["alert_context"].get("username", "")).startswith("system:")]
        self.assertEqual(control_plane, [])
        # What remains is people and their automation doing what the rules report by design: an
        # exec, a CSR approval, and (seed 7) Terraform as kubernetes-admin reading secrets in five
        # namespaces within ten minutes. None of it is a privileged pod, a hostPath volume, an admin
        # role, a token or a nodes/proxy call: the corpus's people never do those.
        self.assertEqual({a["rule_id"] for a in alerts} - {"Kubernetes.Pod.Exec", "Kubernetes.ClientCertificate.Approved",
                                                           "Kubernetes.Secrets.ReadAcrossNamespaces"}, set())
        self.assertGreater(len(alerts), 0)  # the corpus does hold such human actions: the run judged them

    def test_corpus_attacks_raise_their_rules(self):
        # vigil-corpus-gen --attack-rate mixes the pack's techniques into the everyday traffic: each
        # raises its rule, none of those rules fires without them, and the attacks replace background
        # events only, so the CSR creations (the bench's reference check) are the same as without.
        alerts = {}
        for rate in ("0.01", "0"):
            corpus = self.path(f"attacks-{rate}.ndjson")
            g = run([CORPUS_GEN, "--events", "40000", "--seed", "5", "--attack-rate", rate, "-o", corpus])
            self.assertEqual(g.returncode, 0, g.stderr_text)
            self.assertIn("attack events 0" if rate == "0" else "attack events ", g.stderr_text)
            p = vigil("run", "--no-progress", corpus)
            self.assertExit(p, 0)
            alerts[rate] = collections.Counter(a["rule_id"] for a in parse_alerts(p.stdout_text))
        techniques = {"Kubernetes.Secrets.ListedClusterWide", "Kubernetes.AdminRole.Created",
                      "Kubernetes.AdminRoleBinding.Created", "Kubernetes.ServiceAccountToken.Created",
                      "Kubernetes.ServiceAccountToken.ReadViaExec", "Kubernetes.HostPathVolume.Created",
                      "Kubernetes.PrivilegedPod.Created", "Kubernetes.NodesProxy.Accessed",
                      "Kubernetes.Pod.PortForward", "Kubernetes.Anonymous.RequestAllowed"}
        for rule in techniques | {"Kubernetes.Pod.Exec", "Kubernetes.ClientCertificate.Approved"}:
            self.assertGreaterEqual(alerts["0.01"][rule], 1, rule)
        # The background's people exec into pods and approve CSRs, but never do the techniques.
        self.assertEqual({r: n for r, n in alerts["0"].items() if r in techniques}, {})
        csr = "Kubernetes.ClientCertificate.Created"
        self.assertGreater(alerts["0"][csr], 0, "seed 5 puts alerting CSR creations in 40,000 events")
        self.assertEqual(alerts["0.01"][csr], alerts["0"][csr])


if __name__ == "__main__":
    unittest.main()
