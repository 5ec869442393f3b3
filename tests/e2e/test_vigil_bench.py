"""End-to-end tests of `vigil-bench`: one small run, its table, its match check and its round-robin order."""

import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import SOURCE_DIR, TempDirTest, run  # noqa: E402

BENCH = os.environ.get("VIGIL_BENCH_BIN", os.path.join(SOURCE_DIR, "build", "bin", "vigil-bench"))

VIGIL_VARIANTS = 8  # 1, 100 and 1,000 rules; two multi-threaded; prefilter off; the whole pack on 1 and N threads


class BenchTest(TempDirTest):
    def test_small_run_agrees_reports_every_variant_and_interleaves_rounds(self):
        # Small packs keep the run short (also under the sanitizers); the code paths are those of 100 and 1,000.
        p = run([BENCH, "--events", "6000", "--seed", "2", "--runs", "2", "--rule-counts", "10,30", "--no-baselines", "--threads", "2",
                 "--workdir", self.tmp], timeout=55)
        self.assertExit(p, 0)
        self.assertIn("Same CSR matches in every variant: yes", p.stdout_text)
        rows = [line.split("|")[1:-1] for line in p.stdout_text.splitlines() if line.startswith("| ") and "---" not in line]
        rows = [[c.strip() for c in r] for r in rows[1:]]  # without the header
        self.assertEqual(len(rows), 4 + VIGIL_VARIANTS, p.stdout_text)
        self.assertEqual([r[0] for r in rows[:4]], ["wc -l (read + count lines)", "grep -c -F certificatesigningrequests",
                                                    "simdjson DOM, parse only, no rule", "hand-written simdjson On Demand, CSR rule (reference)"])
        reference_matches = rows[3][4]
        self.assertRegex(reference_matches, r"^[1-9][0-9]*$", "seed 2 puts CSR creations in the first 6,000 events")
        for name, events_s, mb_s, rss, matches, judged, loading in rows[4:]:
            self.assertTrue(name.startswith("vigil run"), name)
            self.assertEqual(matches, reference_matches, name)
            self.assertGreater(float(events_s), 0, name)
            self.assertGreater(float(judged), 0, f"{name}: vigil's own events/s was not read")
            self.assertRegex(loading, r"^[0-9]+ ms$", name)
            self.assertRegex(rss, r"^[0-9.]+ MB$", name)
        self.assertIn("vigil run, 10 rules, 1 thread", p.stdout_text)
        self.assertIn("vigil run, 30 rules, 2 threads", p.stdout_text)
        self.assertEqual(len(os.listdir(self.path("synthetic30"))), 29, "the shipped rule is the 30th")
        self.assertRegex(p.stdout_text, r"2 threads / 1 thread \(CSR rule\): [0-9.]+x \(rounds [0-9.]+-[0-9.]+\), judged [0-9.]+x \(rounds [0-9.]+-[0-9.]+\)")
        self.assertRegex(p.stdout_text, r"whole Kubernetes pack / 1 rule: [0-9]+%, judged [0-9]+% \(target >= 60%\); 2 threads / 1 thread \(whole pack\): [0-9.]+x")
        self.assertIn("vigil run, whole Kubernetes pack, 2 threads", p.stdout_text)
        # Every variant runs once per round before the next round starts, so that the machine's
        # drifting speed does not favour the variants run last.
        rounds = [int(m.group(1)) for m in re.finditer(r"vigil-bench: round ([0-9]+)/2: ", p.stderr_text)]
        self.assertEqual(rounds, [1] * (4 + VIGIL_VARIANTS) + [2] * (4 + VIGIL_VARIANTS), p.stderr_text)
        self.assertRegex(p.stdout_text, r"/ grep -c -F: [0-9]+% \(target >= 70%\); / wc -l: [0-9]+%")
        # The two runs of a thread ratio go back to back, 1 thread first in the first round and
        # second in the next (the machine's speed drifts within a round too).
        order = [m.group(2) for m in re.finditer(r"vigil-bench: round ([0-9]+)/2: (.*)", p.stderr_text)]
        for one, two in (("vigil run, CSR rule (1 rule), 1 thread", "vigil run, CSR rule, 2 threads"),
                         ("vigil run, 30 rules, 1 thread", "vigil run, 30 rules, 2 threads"),
                         ("vigil run, whole Kubernetes pack, 1 thread", "vigil run, whole Kubernetes pack, 2 threads")):
            first, second = order[:len(order) // 2], order[len(order) // 2:]
            self.assertEqual(first.index(two), first.index(one) + 1, first)
            self.assertEqual(second.index(one), second.index(two) + 1, second)

    def test_rule_counts_take_two_sizes(self):
        p = run([BENCH, "--rule-counts", "10", "--no-baselines", "--workdir", self.tmp])
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("--rule-counts", p.stderr_text)

    def test_runs_must_be_positive(self):
        for runs in ("0", "-1"):
            p = run([BENCH, "--runs", runs, "--no-baselines", "--workdir", self.tmp])
            self.assertNotEqual(p.returncode, 0, runs)
            self.assertIn("--runs", p.stderr_text)

    def test_missing_input_is_an_error(self):
        p = run([BENCH, "--input", self.path("absent.ndjson"), "--runs", "1", "--no-baselines", "--workdir", self.tmp])
        self.assertExit(p, 2)
        self.assertIn("absent.ndjson: not a readable file", p.stderr_text)


if __name__ == "__main__":
    unittest.main()
