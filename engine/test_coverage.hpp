// Test coverage of a rule: which condition lines, leaf comparisons, exclusions and DynamicSeverities
// entries the rule's own tests saw true and saw false (`ruletest --coverage`).
#pragma once

#include "engine/ruleset.hpp"

#include <string>
#include <vector>

namespace vigil::engine {

struct coverage_point {
    // condition: a line of Condition; comparison: a leaf of a condition or an exclusion (a
    // comparison, null/exists test or other value, with `and`/`or`/`not` split; a quantifier is one
    // leaf); exclusion: an exclusion, on events where every condition held (did it ever suppress
    // an alert, and ever let one through?); severity: a DynamicSeverities entry, taken when it was
    // the first to hold on a matching event.
    enum class kind { condition, comparison, exclusion, severity };
    kind what = kind::condition;
    dsl::file_position where;  // of the point's text (the whole expression when the leaf came from a macro)
    std::string text;
    bool seen_true = false;
    bool seen_false = false;
    // Outcomes that count: two for each kind but severity (one: taken).
    size_t outcomes() const { return what == kind::severity ? 1 : 2; }
    size_t covered() const { return what == kind::severity ? (seen_true ? 1 : 0) : (seen_true ? 1 : 0) + (seen_false ? 1 : 0); }
};

std::string_view kind_name(coverage_point::kind k);

struct rule_coverage {
    const dsl::rule_spec* spec = nullptr;
    std::vector<coverage_point> points;  // conditions, their leaves, exclusions, their leaves, severities, in file order
    size_t covered = 0, total = 0;       // outcomes, over all points
    size_t events = 0;                   // test events judged (a Logs test counts each of its events)
};

// Judges every event of the rule's tests (Log and each of Logs; an event of a log type the rule
// does not read is left out) and evaluates every point on it, each on its own (no short circuit:
// `a and b` sees b even where a is false). A leaf is one point however many log types compile it.
// `only_test`: measure with that test alone (empty: all of them).
rule_coverage measure_coverage(const compiled_rule& rule, const std::string& only_test = "");

}  // namespace vigil::engine
