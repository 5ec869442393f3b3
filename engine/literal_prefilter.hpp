// Required-literal prefilter. From each compiled rule it derives strings that must occur in the raw
// line of any event the rule can match, and scans each line for all of them in one Vectorscan pass.
// A line in which no rule's literals all occur cannot match: it is not parsed.
//
// Exactness: a literal qualifies only when every value its field can take is a substring of a JSON
// string of the raw line (paths, split/at/first/last/parse_json/coalesce/if of such values), and
// only printable ASCII without '"', '\' and '/' (so no JSON escape other than \uXXXX can spell it);
// a line containing "\u" is never skipped.
#pragma once

#include "engine/rule_program.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct hs_database;
struct hs_scratch;

namespace vigil::engine {

// Clauses that must all hold; a clause holds when any of its literals occurs in the line.
using literal_clauses = std::vector<std::vector<std::string>>;

// The requirements of one rule variant (empty: the rule gives no literal, it is always a candidate).
literal_clauses required_literals(const rule_variant& v);
// Whether a literal can be searched for in raw JSON text without missing an escaped spelling.
bool searchable_literal(std::string_view s);

class literal_prefilter {
public:
    // Derives every variant's requirements, numbers the variants and literals, builds the database.
    // Called once while the ruleset is built (it writes index and literal_ids into the variants).
    explicit literal_prefilter(std::vector<rule_variant*> variants);
    ~literal_prefilter();
    literal_prefilter(const literal_prefilter&) = delete;
    literal_prefilter& operator=(const literal_prefilter&) = delete;

    // False when some rule yields no literal: then every line must be parsed.
    bool can_skip_lines() const { return can_skip_; }
    const std::vector<std::string>& literals() const { return literals_; }
    size_t variant_count() const { return variants_.size(); }

private:
    friend class prefilter_scanner;
    std::vector<std::string> literals_;
    std::vector<const rule_variant*> variants_;
    // literal id -> variants whose anchor clause contains it (the anchor is one required clause).
    std::vector<std::vector<const rule_variant*>> anchored_;
    hs_database* db_ = nullptr;
    bool can_skip_ = true;
};

// Per-thread scan state and the result for one line.
class prefilter_scanner {
public:
    explicit prefilter_scanner(const literal_prefilter& pf);
    ~prefilter_scanner();
    prefilter_scanner(const prefilter_scanner&) = delete;
    prefilter_scanner& operator=(const prefilter_scanner&) = delete;

    // Scans `line` and works out which rule variants are candidates. Returns whether any is.
    bool scan(std::string_view line);
    // Whether `v` can match the scanned line (its clauses all hold, or the line has an escape).
    bool candidate(const rule_variant& v) const {
        return escape_ || v.literal_ids.empty() || candidate_stamp_[v.index] == generation_;
    }
    bool has_escape() const { return escape_; }
    // The raw text after the first "p_log_type":" up to the next quote (to report skipped lines).
    std::string_view raw_log_type() const { return raw_log_type_; }

    // Vectorscan's match callback (C linkage through a static trampoline).
    int on_match(unsigned id, unsigned long long to);

private:
    const literal_prefilter& pf_;
    hs_scratch* scratch_ = nullptr;
    std::vector<uint32_t> literal_stamp_;
    std::vector<uint32_t> candidate_stamp_;
    std::vector<uint32_t> found_;  // literal ids present in this line
    uint32_t generation_ = 0;
    bool escape_ = false;
    std::string_view line_;
    std::string_view raw_log_type_;
};

}  // namespace vigil::engine
