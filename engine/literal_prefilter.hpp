// Required-literal prefilter. From each compiled rule it derives strings that must occur in the raw
// line of any event the rule can match; one Vectorscan pass per line looks for one required clause of
// every rule. A line with none of them cannot match any rule: it is not parsed.
//
// Exactness: a literal qualifies only when every value its field can take is a substring of a JSON
// string of the raw line (paths, split/at/first/last/parse_json/coalesce/if of such values, where a
// null or a string constant that cannot satisfy the comparison may stand for one of them), and
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
    // Derives every variant's requirements, picks the literals to scan for, builds the database.
    explicit literal_prefilter(const std::vector<const rule_variant*>& variants);
    ~literal_prefilter();
    literal_prefilter(const literal_prefilter&) = delete;
    literal_prefilter& operator=(const literal_prefilter&) = delete;

    // False when some rule yields no literal: then every line must be parsed.
    bool can_skip_lines() const { return can_skip_; }
    // What the scan looks for: for every rule, all literals of one of its required clauses.
    const std::vector<std::string>& scanned_literals() const { return scanned_; }

private:
    friend class prefilter_scanner;
    std::vector<std::string> scanned_;
    // The scanned literals, "\u" and the raw "p_log_type" key name (ids in that order); null when
    // lines cannot be skipped.
    hs_database* db_ = nullptr;
    // Second stage, on lines with an anchor: a rule can match only if a literal of its anchor and
    // one of its second clause both occur (ids into confirm_literals_, then "\u" and the key name).
    struct confirm_pair {
        std::vector<uint32_t> anchor, second;  // second empty: the anchor alone suffices
    };
    std::vector<std::string> confirm_literals_;
    std::vector<confirm_pair> confirm_pairs_;
    hs_database* confirm_db_ = nullptr;  // null when no rule has a second clause
    bool can_skip_ = true;
};

// Per-thread scan state and the result for one line.
class prefilter_scanner {
public:
    explicit prefilter_scanner(const literal_prefilter& pf);
    ~prefilter_scanner();
    prefilter_scanner(const prefilter_scanner&) = delete;
    prefilter_scanner& operator=(const prefilter_scanner&) = delete;

    // Scans `line`; false proves that no rule can match it. The first scan stops at the first anchor
    // literal; a second one then checks each rule's second clause.
    bool scan(std::string_view line);
    // The string value of the outermost object's p_log_type as it is written in the line, or empty
    // when the line must be parsed to know it (valid after scan() was false).
    std::string_view raw_log_type() const { return raw_log_type_; }

private:
    bool confirm(std::string_view line);  // the second stage

    const literal_prefilter& pf_;
    hs_scratch* scratch_ = nullptr;
    std::vector<uint32_t> found_;  // per confirm literal: the generation it was last seen in
    uint32_t generation_ = 0;
    uint32_t confirm_seen_ = 0, confirm_rejected_ = 0, confirm_pause_ = 0;
    unsigned long long key_end_ = 0;  // where the line's first "p_log_type" key name ends (0: not seen)
    std::string_view raw_log_type_;
};

}  // namespace vigil::engine
