// Literal derivation from compiled conditions, and the one-pass Vectorscan scan per line.
#include "engine/literal_prefilter.hpp"

#include "engine/compare.hpp"
#include "engine/function_registry.hpp"

#include <hs/hs.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <stdexcept>

namespace vigil::engine {

namespace {

// The log-type key's name as it appears in a line (its value is read after it).
constexpr std::string_view log_type_key = "\"p_log_type\"";

// Every string this node can produce that could satisfy a requirement for one of `lits` is a
// substring of a JSON string in the raw line. Constants produce no raw text, so they qualify only
// when they cannot satisfy one: null (no string at all), or a string containing none of `lits` (the
// comparisons that give requirements, eq/contains/starts_with/ends_with/in, are all exact and hold
// only if the literal is a substring of the value). So GKE's `coalesce(principalEmail, …,
// "<UNKNOWN ACTOR USER>") eq "system:anonymous"` and `if(resource_call, split(…), null)` still give
// requirements. Other constants (numbers, booleans, lists) may compare equal to a string by
// coercion: they do not qualify.
bool preserves_raw_text(const compiled_node& n, const compiled_model* model, const std::vector<std::string>& lits, int depth = 0) {
    if (depth > 64) return false;
    auto kid = [&](const compiled_node& k) { return preserves_raw_text(k, model, lits, depth + 1); };
    switch (n.code) {
        case op_code::raw_path: return true;
        case op_code::constant:
            if (n.constant.is_null()) return true;
            if (n.constant.type() != value_type::string) return false;
            return std::none_of(lits.begin(), lits.end(), [&](const std::string& l) { return n.constant.as_string().find(l) != std::string_view::npos; });
        case op_code::field: return model && kid(model->fields[n.slot]);
        case op_code::binding: return model && kid(model->bindings[n.slot]);
        case op_code::member: return kid(n.kids[0]);
        case op_code::list: return std::all_of(n.kids.begin(), n.kids.end(), kid);
        case op_code::call:
            // The registry says which functions give back substrings of their input (parts,
            // elements, parsed inner strings): README, "Adding a function".
            switch (n.fn->keeps_raw_text) {
                case raw_text::first_arg: return kid(n.kids[0]);
                case raw_text::all_args: return std::all_of(n.kids.begin(), n.kids.end(), kid);
                case raw_text::branches: return kid(n.kids[1]) && kid(n.kids[2]);
                case raw_text::none: return false;
            }
            return false;
        default: return false;
    }
}

// Vectorscan refuses literals past about 16,000 bytes ("Pattern length exceeds limit"), and a long
// literal picks out no more lines than its start does: a line holding the literal holds its prefix,
// so scanning for the prefix alone keeps the filter exact.
constexpr size_t max_scanned_literal = 256;

std::string scanned_form(std::string_view s) { return std::string(s.substr(0, max_scanned_literal)); }

std::optional<std::string> literal_string(const compiled_node& n) {
    if (n.code != op_code::constant || n.constant.type() != value_type::string) return std::nullopt;
    std::string_view s = n.constant.as_string();
    // A numeric string compares equal to numbers spelled differently in JSON (403 vs 4.03e2).
    if (!searchable_literal(s) || numeric_string(s)) return std::nullopt;
    return scanned_form(s);
}

std::optional<std::vector<std::string>> literal_list(const compiled_node& n) {
    if (n.code != op_code::constant || n.constant.type() != value_type::list || n.constant.size() == 0) return std::nullopt;
    std::vector<std::string> out;
    for (size_t i = 0; i < n.constant.size(); ++i) {
        value item = n.constant.at(i);
        if (item.type() != value_type::string) return std::nullopt;
        std::string_view s = item.as_string();
        if (!searchable_literal(s) || numeric_string(s)) return std::nullopt;
        out.push_back(scanned_form(s));
    }
    return out;
}

// What a comparison, holding, requires of the raw line.
literal_clauses compare_requirement(const compiled_node& n, const compiled_model* model) {
    using dsl::compare_op;
    if (n.case_insensitive) return {};
    const auto& l = n.kids[0];
    const auto& r = n.kids[1];
    switch (n.op) {
        case compare_op::eq:
        case compare_op::contains:
        case compare_op::starts_with:
        case compare_op::ends_with:
            if (auto s = literal_string(r); s && preserves_raw_text(l, model, {*s})) return {{*s}};
            return {};
        case compare_op::in:
            if (auto list = literal_list(r); list && preserves_raw_text(l, model, *list)) return {*list};
            if (auto s = literal_string(l); s && preserves_raw_text(r, model, {*s})) return {{*s}};  // "x" in list
            return {};
        default: return {};
    }
}

// Requirements of `n` holding (positive) or failing (negative), by pushing negations inward.
literal_clauses requirement(const compiled_node& n, bool positive, const compiled_model* model) {
    switch (n.code) {
        case op_code::logical_not: return requirement(n.kids[0], !positive, model);
        case op_code::logical_and:
        case op_code::logical_or: {
            bool conjunction = (n.code == op_code::logical_and) == positive;
            literal_clauses out;
            if (conjunction) {
                for (const auto& k : n.kids) {
                    auto c = requirement(k, positive, model);
                    out.insert(out.end(), c.begin(), c.end());
                }
                return out;
            }
            // A disjunction requires one literal from some child: merge one clause of each child.
            std::vector<std::string> merged;
            for (const auto& k : n.kids) {
                auto c = requirement(k, positive, model);
                if (c.empty()) return {};
                merged.insert(merged.end(), c.front().begin(), c.front().end());
            }
            return {merged};
        }
        case op_code::compare:
            if (positive != n.negated) return compare_requirement(n, model);
            return {};
        default: return {};
    }
}

}  // namespace

bool searchable_literal(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '/') return false;
    return true;
}

literal_clauses required_literals(const rule_variant& v) {
    literal_clauses out;
    for (const auto& c : v.conditions) {
        auto r = requirement(c, true, v.model);
        out.insert(out.end(), r.begin(), r.end());
    }
    return out;
}

namespace {

using rule_clauses = std::vector<std::vector<std::vector<uint32_t>>>;  // per rule, its clauses of literal ids

// Whether every literal of `clause` is scanned for (`in_scan` is indexed by literal id).
bool all_scanned(const std::vector<uint32_t>& clause, const std::vector<char>& in_scan) {
    return std::all_of(clause.begin(), clause.end(), [&](uint32_t id) { return in_scan[id] != 0; });
}

// How good a clause is to scan for, higher first: long enough (short literals occur on most lines
// and slow the scan), shared by many rules (one literal then stands for all of them: `verb eq
// "create"` in a hundred rules), then longer.
class clause_rank {
public:
    clause_rank(const rule_clauses& rules, const std::vector<std::string>& literals) : literals_(literals) {
        for (const auto& clauses : rules)
            for (const auto& c : std::set<std::vector<uint32_t>>(clauses.begin(), clauses.end())) ++sharing_[c];
    }
    auto operator()(const std::vector<uint32_t>& c) const {
        size_t shortest = SIZE_MAX;
        for (auto id : c) shortest = std::min(shortest, literals_[id].size());
        return std::tuple(shortest >= 4, sharing_.at(c), shortest);
    }
    const std::map<std::vector<uint32_t>, size_t>& sharing() const { return sharing_; }

private:
    const std::vector<std::string>& literals_;
    std::map<std::vector<uint32_t>, size_t> sharing_;
};

// Picks the literals to scan for: for every rule, all literals of one of its required clauses, best
// ranked first. The choice only affects speed; any choice of whole clauses is exact.
std::vector<uint32_t> choose_scanned(const rule_clauses& rules, const std::vector<std::string>& literals, const clause_rank& rank) {
    std::vector<std::vector<uint32_t>> ranked;
    for (const auto& [clause, count] : rank.sharing()) ranked.push_back(clause);
    std::stable_sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) { return rank(a) > rank(b); });

    std::vector<char> in_scan(literals.size(), 0), covered(rules.size(), 0);
    auto scanned = [&](const std::vector<uint32_t>& c) { return all_scanned(c, in_scan); };
    for (const auto& clause : ranked) {
        bool needed = false;
        for (size_t r = 0; r < rules.size() && !needed; ++r)
            needed = !covered[r] && std::find(rules[r].begin(), rules[r].end(), clause) != rules[r].end();
        if (!needed) continue;
        for (auto id : clause) in_scan[id] = 1;
        for (size_t r = 0; r < rules.size(); ++r)
            if (!covered[r]) covered[r] = std::any_of(rules[r].begin(), rules[r].end(), scanned);
    }
    std::vector<uint32_t> out;
    for (uint32_t id = 0; id < literals.size(); ++id)
        if (in_scan[id]) out.push_back(id);
    return out;
}

// For each rule: its anchor (a clause whose literals are all scanned) and its best-ranked other
// clause, as literal-id sets; no second when the rule has one clause.
struct clause_pair {
    std::vector<uint32_t> anchor, second;
    bool operator<(const clause_pair& o) const { return std::tie(anchor, second) < std::tie(o.anchor, o.second); }
};

std::set<clause_pair> pair_clauses(const rule_clauses& rules, const std::vector<uint32_t>& scanned, const std::vector<std::string>& literals,
                                   const clause_rank& rank) {
    std::vector<char> in_scan(literals.size(), 0);
    for (auto id : scanned) in_scan[id] = 1;
    std::set<clause_pair> out;
    for (const auto& clauses : rules) {
        clause_pair p;
        for (const auto& c : clauses)
            if (all_scanned(c, in_scan)) {
                p.anchor = c;
                break;
            }
        for (const auto& c : clauses)
            if (c != p.anchor && (p.second.empty() || rank(c) > rank(p.second))) p.second = c;
        out.insert(std::move(p));
    }
    return out;
}

}  // namespace

namespace {

// Null when Vectorscan refuses the set: the prefilter is an optimisation, so a refusal means lines
// are parsed (or not confirmed), never that loading fails.
hs_database* compile_literals(const std::vector<std::string>& patterns) {
    std::vector<const char*> exprs;
    std::vector<size_t> lens;
    std::vector<unsigned> flags, ids;
    for (size_t i = 0; i < patterns.size(); ++i) {
        exprs.push_back(patterns[i].data());
        lens.push_back(patterns[i].size());
        flags.push_back(HS_FLAG_SINGLEMATCH);
        ids.push_back(static_cast<unsigned>(i));
    }
    hs_database* db = nullptr;
    hs_compile_error_t* err = nullptr;
    if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(), static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                             nullptr, &db, &err) != HS_SUCCESS) {
        hs_free_compile_error(err);
        return nullptr;
    }
    return db;
}

}  // namespace

literal_prefilter::literal_prefilter(const std::vector<const rule_variant*>& variants) {
    std::map<std::string, uint32_t> ids;
    std::vector<std::string> literals;
    auto id_of = [&](const std::string& s) {
        auto [it, inserted] = ids.emplace(s, static_cast<uint32_t>(literals.size()));
        if (inserted) literals.push_back(s);
        return it->second;
    };
    rule_clauses clauses_per_rule;
    for (const auto* v : variants) {
        std::vector<std::vector<uint32_t>> clauses;
        for (const auto& clause : required_literals(*v)) {
            std::vector<uint32_t> c;
            for (const auto& lit : clause) c.push_back(id_of(lit));
            std::sort(c.begin(), c.end());
            c.erase(std::unique(c.begin(), c.end()), c.end());
            clauses.push_back(std::move(c));
        }
        // A rule without a literal can match any line: nothing may be skipped.
        if (clauses.empty()) can_skip_ = false;
        clauses_per_rule.push_back(std::move(clauses));
    }
    if (!can_skip_) return;
    const clause_rank rank(clauses_per_rule, literals);
    const auto chosen = choose_scanned(clauses_per_rule, literals, rank);
    for (auto id : chosen) scanned_.push_back(literals[id]);

    // The confirming stage: a line with an anchor literal is parsed only if some rule also finds a
    // literal of its second clause (a hundred rules on "create" need not parse every "create events").
    const auto pairs = pair_clauses(clauses_per_rule, chosen, literals, rank);
    if (std::any_of(pairs.begin(), pairs.end(), [](const clause_pair& p) { return !p.second.empty(); })) {
        std::map<uint32_t, uint32_t> confirm_id;
        auto id_of_confirm = [&](uint32_t lit) {
            auto [it, inserted] = confirm_id.emplace(lit, static_cast<uint32_t>(confirm_literals_.size()));
            if (inserted) confirm_literals_.push_back(literals[lit]);
            return it->second;
        };
        for (const auto& p : pairs) {
            confirm_pair cp;
            for (auto l : p.anchor) cp.anchor.push_back(id_of_confirm(l));
            for (auto l : p.second) cp.second.push_back(id_of_confirm(l));
            confirm_pairs_.push_back(std::move(cp));
        }
        std::vector<std::string> patterns = confirm_literals_;
        patterns.push_back("\\u");  // an escape anywhere: parse (stage one may have stopped before it)
        patterns.push_back(std::string(log_type_key));  // nor may it have reached the key
        confirm_db_ = compile_literals(patterns);
        if (!confirm_db_) confirm_pairs_.clear(), confirm_literals_.clear();
    }

    // The scanned literals, the escape marker and the log-type key, in one pass: a skipped line
    // needs its raw log type, and the key sits near the end of most lines, so a scan of its own
    // went over most of the line again (one pass: about 15% less scanning time on the corpus).
    std::vector<std::string> patterns = scanned_;
    patterns.push_back("\\u");
    patterns.push_back(std::string(log_type_key));
    db_ = compile_literals(patterns);
    if (!db_) can_skip_ = false;
}

literal_prefilter::~literal_prefilter() {
    hs_free_database(db_);
    hs_free_database(confirm_db_);
}

prefilter_scanner::prefilter_scanner(const literal_prefilter& pf) : pf_(pf) {
    // One scratch serves both databases once allocated for each.
    if (pf.db_ && (hs_alloc_scratch(pf.db_, &scratch_) != HS_SUCCESS ||
                   (pf.confirm_db_ && hs_alloc_scratch(pf.confirm_db_, &scratch_) != HS_SUCCESS)))
        throw std::runtime_error("cannot allocate prefilter scratch");
    found_.assign(pf.confirm_literals_.size() + 2, 0);
}

prefilter_scanner::~prefilter_scanner() { hs_free_scratch(scratch_); }

namespace {

struct scan_state {
    unsigned key_id;              // the log-type key's pattern id
    unsigned long long& key_end;  // where its first occurrence ends (a pattern is reported once)
    bool found = false;
};

// Any literal or escape: the line must be parsed, the rest of it need not be scanned. The key is
// noted and the scan goes on.
int on_literal(unsigned id, unsigned long long, unsigned long long to, unsigned, void* state) {
    auto* s = static_cast<scan_state*>(state);
    if (id == s->key_id) {
        s->key_end = to;
        return 0;
    }
    s->found = true;
    return 1;
}

struct confirm_state {
    std::vector<uint32_t>& found;  // literal id -> generation it was last seen in
    uint32_t generation;
    unsigned key_id;
    unsigned long long& key_end;
};

int on_confirm_literal(unsigned id, unsigned long long, unsigned long long to, unsigned, void* state) {
    auto* s = static_cast<confirm_state*>(state);
    s->found[id] = s->generation;
    if (id == s->key_id) s->key_end = to;
    return 0;
}

// Whether p[0, n) holds a '{', '}', '[' or ']'. It runs on every skipped line, so 16 bytes at a
// time where SSE2 is there: '[' and ']' differ from '{' and '}' only in the 0x20 bit.
bool has_bracket(const char* p, size_t n) {
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i bit = _mm_set1_epi8(0x20), open = _mm_set1_epi8('{'), close = _mm_set1_epi8('}');
    for (; i + 16 <= n; i += 16) {
        const __m128i v = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), bit);
        if (_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, open), _mm_cmpeq_epi8(v, close))) != 0) return true;
    }
#endif
    for (; i < n; ++i)
        if ((p[i] | 0x20) == '{' || (p[i] | 0x20) == '}') return true;
    return false;
}

// Whether the key whose string value starts at `value_start` belongs to the outermost object of an
// object-shaped line, as the parser's `p_log_type` does (a nested one must not stand for it): what
// follows then closes one bracket more than it opens, outside strings.
bool member_of_outermost(std::string_view line, size_t value_start) {
    const char* p = line.data() + value_start;
    const size_t n = line.size() - value_start;
    // The common layout: no bracket after the key but the final '}'.
    const size_t last = line.find_last_not_of(" \t");
    if (last != std::string_view::npos && last >= value_start && line[last] == '}' && !has_bracket(p, last - value_start)) return true;
    // Else count, minding strings; the scan starts inside the key's value.
    bool in_string = true;
    long depth = 0;
    for (size_t i = 0; i < n; ++i) {
        const char c = p[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return depth == -1;
}

// The value of the log-type key whose quoted name ends at `name_end`, when that name is a key of
// the outermost object and its value a string; else empty, and the line is parsed. Exact for valid
// JSON: a quote after '{' or ',' opens a string (a closing quote is never followed by a letter, a
// quote inside a string is escaped), and a string there followed by ':' is a key. Only the first
// occurrence counts, as the parser takes the first of duplicate keys.
std::string_view outermost_log_type(std::string_view line, size_t name_end) {
    constexpr std::string_view blanks = " \t\r\n";
    const size_t name_start = name_end - log_type_key.size();
    const size_t before = name_start == 0 ? std::string_view::npos : line.find_last_not_of(blanks, name_start - 1);
    if (before == std::string_view::npos || (line[before] != '{' && line[before] != ',')) return {};
    const size_t colon = line.find_first_not_of(blanks, name_end);
    if (colon == std::string_view::npos || line[colon] != ':') return {};
    const size_t open = line.find_first_not_of(blanks, colon + 1);
    if (open == std::string_view::npos || line[open] != '"' || !member_of_outermost(line, open + 1)) return {};
    std::string_view value = line.substr(open + 1);
    return value.substr(0, value.find('"'));  // with a backslash in it, it names no known log type: parsed
}

}  // namespace

bool prefilter_scanner::scan(std::string_view line) {
    if (!pf_.db_) return true;
    raw_log_type_ = {};
    key_end_ = 0;
    scan_state state{static_cast<unsigned>(pf_.scanned_.size() + 1), key_end_};
    hs_scan(pf_.db_, line.data(), static_cast<unsigned>(line.size()), 0, scratch_, on_literal, &state);
    if (state.found && confirm(line)) return true;
    // A line is skipped only after a scan of all of it (this one, or the confirming one when this
    // one stopped at a literal), which noted the key if the line has it.
    if (key_end_ > 0) raw_log_type_ = outermost_log_type(line, static_cast<size_t>(key_end_));
    return false;
}

bool prefilter_scanner::confirm(std::string_view line) {
    if (!pf_.confirm_db_) return true;
    // The second scan pays only while it spares enough parses (it costs about a third of one): when
    // it rejects fewer than a third of the lines it sees, it pauses for a while. Either way is exact.
    constexpr uint32_t window = 256, pause = 31 * 256;
    if (confirm_pause_ > 0) {
        --confirm_pause_;
        return true;
    }
    if (++confirm_seen_ == window) {
        if (confirm_rejected_ < window / 3) confirm_pause_ = pause;
        confirm_seen_ = confirm_rejected_ = 0;
    }
    if (++generation_ == 0) {
        std::fill(found_.begin(), found_.end(), 0);
        generation_ = 1;
    }
    const unsigned escape_id = static_cast<unsigned>(pf_.confirm_literals_.size());
    key_end_ = 0;  // this scan sees the whole line
    confirm_state state{found_, generation_, escape_id + 1, key_end_};
    hs_scan(pf_.confirm_db_, line.data(), static_cast<unsigned>(line.size()), 0, scratch_, on_confirm_literal, &state);
    auto seen = [&](const std::vector<uint32_t>& clause) {
        return std::any_of(clause.begin(), clause.end(), [&](uint32_t id) { return found_[id] == generation_; });
    };
    if (found_[escape_id] == generation_) return true;  // "\u": parse
    for (const auto& p : pf_.confirm_pairs_)
        if (seen(p.anchor) && (p.second.empty() || seen(p.second))) return true;
    ++confirm_rejected_;
    return false;
}

}  // namespace vigil::engine
