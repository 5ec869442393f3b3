// ruletest --coverage output: per rule the share of outcomes its tests produced, and what is missing.
#include "report.hpp"

#include <ostream>

namespace vigil::ruletest {

namespace {

// Rounded down to a tenth, so that a figure printed here always passes --coverage-min with it.
std::string percent_text(size_t covered, size_t total) {
    const size_t tenths = total ? covered * 1000 / total : 1000;
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
}

// What a point's tests never did, in the words of its kind; empty when covered.
std::vector<std::string> missing(const engine::coverage_point& p) {
    using k = engine::coverage_point::kind;
    std::vector<std::string> out;
    switch (p.what) {
        case k::severity:
            if (!p.seen_true) out.push_back("never taken");
            break;
        case k::exclusion:
            if (!p.seen_true) out.push_back("never fired");
            if (!p.seen_false) out.push_back("never let a match through");
            break;
        case k::condition:
        case k::comparison:
            if (!p.seen_true) out.push_back("never true");
            if (!p.seen_false) out.push_back("never false");
            break;
    }
    return out;
}

}  // namespace

coverage_totals total_coverage(const run_report& r) {
    coverage_totals t;
    for (const auto& s : r.suites) {
        if (!s.coverage) continue;
        t.covered += s.coverage->covered;
        t.total += s.coverage->total;
        ++t.rules;
    }
    return t;
}

void print_coverage_text(std::ostream& out, const run_report& r) {
    out << "\nCoverage (what each rule's own tests made true and false: condition lines, their comparisons,\n"
           "exclusions where the conditions held, and DynamicSeverities entries taken):\n";
    for (const auto& s : r.suites) {
        if (!s.coverage) continue;
        const auto& c = *s.coverage;
        out << "  " << s.id << "  " << percent_text(c.covered, c.total) << " (" << c.covered << "/" << c.total << " outcomes, "
            << c.events << (c.events == 1 ? " test event" : " test events") << ")\n";
        for (const auto& p : c.points)
            for (const auto& m : missing(p))
                out << "    " << m << ": " << engine::kind_name(p.what) << " at " << p.where.file << ":" << p.where.line << ":" << p.where.column
                    << ": " << p.text << "\n";
    }
    const auto t = total_coverage(r);
    out << "Coverage: " << percent_text(t.covered, t.total) << " (" << t.covered << "/" << t.total << " outcomes, " << t.rules
        << (t.rules == 1 ? " rule" : " rules") << ")\n";
}

nlohmann::ordered_json coverage_json(const engine::rule_coverage& c) {
    nlohmann::ordered_json j;
    j["covered"] = c.covered;
    j["total"] = c.total;
    j["percent"] = c.total ? 100.0 * static_cast<double>(c.covered) / static_cast<double>(c.total) : 100.0;
    j["events"] = c.events;
    j["points"] = nlohmann::ordered_json::array();
    for (const auto& p : c.points)
        j["points"].push_back({{"kind", std::string(engine::kind_name(p.what))},
                               {"file", p.where.file},
                               {"line", p.where.line},
                               {"column", p.where.column},
                               {"text", p.text},
                               {"seen_true", p.seen_true},
                               {"seen_false", p.seen_false},
                               {"missing", missing(p)}});
    return j;
}

}  // namespace vigil::ruletest
