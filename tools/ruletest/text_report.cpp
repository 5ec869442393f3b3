// Human-readable ruletest output: per rule and test [PASS]/[FAIL], outputs of true tests, reasons.
#include "report.hpp"

#include <ostream>

namespace vigil::ruletest {

void count(run_report& r) {
    r.passed = r.failed = 0;
    for (const auto& s : r.suites) {
        for (const auto& t : s.tests) (t.passed ? r.passed : r.failed)++;
        r.failed += s.problems.size();
    }
}

void print_text(std::ostream& out, const run_report& r, bool failures_only) {
    for (const auto& s : r.suites) {
        bool any_failure = !s.problems.empty();
        for (const auto& t : s.tests) any_failure = any_failure || !t.passed;
        if (failures_only && !any_failure) continue;
        out << s.id << "  (" << (s.kind == "rule" ? "" : "data model, ") << s.file << ")\n";
        for (const auto& p : s.problems) out << "  [FAIL] " << p << "\n";
        for (size_t i = 0; i < s.tests.size(); ++i) {
            const auto& t = s.tests[i];
            if (failures_only && t.passed) continue;
            out << (t.passed ? "  [PASS] " : "  [FAIL] ") << t.name << "\n";
            if (!t.passed) out << "    " << t.where.file << ":" << t.where.line << ": " << t.reason << "\n";
            if (t.has_outputs) {
                out << "    title:         " << t.outputs.title << "\n"
                    << "    dedup:         " << t.outputs.dedup << "\n"
                    << "    severity:      " << dsl::severity_name(t.outputs.level) << "\n";
                if (!t.outputs.alert_context.empty()) out << "    alert_context: " << t.outputs.alert_context.dump() << "\n";
            }
            if (!t.passed && s.kind == "datamodel" && i < s.normalised.size())
                out << "    normalised:    " << s.normalised[i].dump() << "\n";
        }
    }
    out << "\nSummary: " << r.passed << " passed, " << r.failed << " failed, " << r.errors << " errors ("
        << r.suites.size() << " rules and data models)\n";
}

}  // namespace vigil::ruletest
