// JUnit XML ruletest output, for CI systems that show test reports.
#include "report.hpp"

#include <ostream>

namespace vigil::ruletest {

namespace {
std::string xml(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}
}  // namespace

void print_junit(std::ostream& out, const run_report& r, bool failures_only) {
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites tests=\"" << r.passed + r.failed << "\" failures=\"" << r.failed << "\" errors=\"" << r.errors << "\">\n";
    for (const auto& s : r.suites) {
        size_t failures = s.problems.size();
        for (const auto& t : s.tests) failures += !t.passed;
        out << "  <testsuite name=\"" << xml(s.id) << "\" tests=\"" << s.tests.size() + s.problems.size() << "\" failures=\""
            << failures << "\" file=\"" << xml(s.file) << "\">\n";
        for (const auto& p : s.problems)
            out << "    <testcase name=\"pack requirements\" classname=\"" << xml(s.id) << "\"><failure message=\"" << xml(p)
                << "\"/></testcase>\n";
        for (const auto& t : s.tests) {
            if (failures_only && t.passed) continue;
            out << "    <testcase name=\"" << xml(t.name) << "\" classname=\"" << xml(s.id) << "\"";
            if (t.passed) {
                out << "/>\n";
            } else {
                out << "><failure message=\"" << xml(t.reason.substr(0, t.reason.find('\n'))) << "\">" << xml(t.reason)
                    << "</failure></testcase>\n";
            }
        }
        out << "  </testsuite>\n";
    }
    out << "</testsuites>\n";
}

}  // namespace vigil::ruletest
