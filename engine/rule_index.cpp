// Equality index: per rule, the required equalities on the two fields with the most distinct values
// across the log type's rules (the most selective), looked up with one hash probe per field pair.
#include "engine/rule_index.hpp"

#include "engine/compare.hpp"
#include "engine/evaluator.hpp"
#include "engine/ruleset.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace vigil::engine {

namespace {

std::optional<std::string> identity_of(const compiled_node& n) {
    std::string id;
    if (n.code == op_code::field) id = "field:" + std::to_string(n.slot);
    else if (n.code == op_code::raw_path) id = "raw";
    else return std::nullopt;
    // `[*]` spelled apart from a key, so `a[*].b` and `a."".b` never share an index entry.
    for (const auto& s : n.path) id += s.is_wildcard ? "[*]" : s.is_index ? "[" + std::to_string(s.index) + "]" : "." + s.key;
    return id;
}

// A string constant that can only ever equal a string (not a numeric one, which equals numbers too).
std::optional<std::string> plain_string(const value& v) {
    if (v.type() != value_type::string || numeric_string(v.as_string())) return std::nullopt;
    return std::string(v.as_string());
}

void collect(const compiled_node& n, bool positive, std::vector<required_equality>& out) {
    switch (n.code) {
        case op_code::logical_not: collect(n.kids[0], !positive, out); return;
        case op_code::logical_and:
        case op_code::logical_or:
            // Only conjunctions require each of their parts.
            if ((n.code == op_code::logical_and) == positive)
                for (const auto& k : n.kids) collect(k, positive, out);
            return;
        case op_code::compare: {
            if (positive == n.negated || n.case_insensitive) return;
            const auto& l = n.kids[0];
            const auto& r = n.kids[1];
            auto id = identity_of(l);
            if (!id || r.code != op_code::constant) return;
            if (n.op == dsl::compare_op::eq) {
                if (auto s = plain_string(r.constant)) out.push_back({&n, &l, *id, {*s}});
            } else if (n.op == dsl::compare_op::in && r.constant.type() == value_type::list && r.constant.size() > 0) {
                required_equality eq{&n, &l, *id, {}};
                for (size_t i = 0; i < r.constant.size(); ++i) {
                    auto s = plain_string(r.constant.at(i));
                    if (!s) return;
                    eq.values.push_back(*s);
                }
                out.push_back(std::move(eq));
            }
            return;
        }
        default: return;
    }
}

// Holds whenever every comparison in `known` holds: one of them (not negated: a negated one is
// required to fail, under a `not`), or a conjunction of such.
bool implied_by(const compiled_node& n, const std::vector<const compiled_node*>& known) {
    if (n.code == op_code::compare) return !n.negated && std::find(known.begin(), known.end(), &n) != known.end();
    if (n.code == op_code::logical_and)
        return std::all_of(n.kids.begin(), n.kids.end(), [&](const compiled_node& k) { return implied_by(k, known); });
    return false;
}

}  // namespace

std::vector<required_equality> required_equalities(const rule_variant& v) {
    std::vector<required_equality> out;
    for (const auto& c : v.conditions) collect(c, true, out);
    return out;
}

namespace {

// Several values as one hash key, each length-prefixed so that no two tuples spell the same key.
void append_key_part(std::string& key, std::string_view part) {
    key += std::to_string(part.size());
    key += ':';
    key += part;
}

// A rule with `in` lists on both fields is filed under every pair; beyond this, under one field.
constexpr size_t max_pairs_per_rule = 64;

}  // namespace

rule_index::rule_index(const std::vector<rule_ref>& rules) {
    std::vector<std::vector<required_equality>> per_rule;
    std::map<std::string, std::set<std::string>> distinct;
    for (const auto& r : rules) {
        per_rule.push_back(required_equalities(*r.variant));
        for (const auto& eq : per_rule.back()) distinct[eq.identity].insert(eq.values.begin(), eq.values.end());
    }
    std::map<std::string, size_t> group_of;
    proven_.assign(rules.size(), 0);
    for (uint32_t i = 0; i < rules.size(); ++i) {
        // The most selective equality, then the most selective one on another field.
        auto& eqs = per_rule[i];
        std::stable_sort(eqs.begin(), eqs.end(), [&](const auto& a, const auto& b) {
            return distinct[a.identity].size() > distinct[b.identity].size();
        });
        std::vector<const required_equality*> chosen;
        for (const auto& eq : eqs) {
            if (!chosen.empty() && (eq.identity == chosen[0]->identity ||
                                    chosen[0]->values.size() * eq.values.size() > max_pairs_per_rule))
                continue;
            chosen.push_back(&eq);
            if (chosen.size() == 2) break;
        }
        if (chosen.empty()) {
            unindexed_.push_back(i);
            continue;
        }
        // An event offered through the index has a string equal to one of each chosen equality's
        // values, so those comparisons (eq or in, never case-insensitive) hold for it.
        std::vector<const compiled_node*> known;
        for (const auto* eq : chosen) known.push_back(eq->compare);
        const auto& conditions = rules[i].variant->conditions;
        for (size_t c = 0; c < conditions.size() && c < 64; ++c)
            if (implied_by(conditions[c], known)) proven_[i] |= uint64_t{1} << c;

        std::string identity;
        for (const auto* eq : chosen) identity += eq->identity + "\n";
        auto [it, inserted] = group_of.emplace(identity, groups_.size());
        if (inserted) {
            groups_.emplace_back();
            for (const auto* eq : chosen) groups_.back().nodes.push_back(*eq->node);
        }
        auto& g = groups_[it->second];
        auto file = [&](const std::string& key) {
            auto& list = g.rules_by_key[key];
            if (list.empty() || list.back() != i) list.push_back(i);
        };
        for (const auto& v1 : chosen[0]->values) {
            std::string key;
            append_key_part(key, v1);
            if (chosen.size() == 1) {
                file(key);
                continue;
            }
            for (const auto& v2 : chosen[1]->values) {
                std::string pair = key;
                append_key_part(pair, v2);
                file(pair);
            }
        }
    }
}

void rule_index::candidates(event_context& ctx, std::vector<uint32_t>& out) const {
    size_t start = out.size();
    out.insert(out.end(), unindexed_.begin(), unindexed_.end());
    std::string& key = ctx.scratch_string();  // reused across events: no allocation once grown
    for (const auto& g : groups_) {
        key.clear();
        bool all_strings = true;
        for (const auto& n : g.nodes) {
            value v = evaluate(n, ctx);
            if (v.type() != value_type::string) {
                all_strings = false;  // every rule here requires a string equal to a constant
                break;
            }
            append_key_part(key, v.as_string());
        }
        if (!all_strings) continue;
        auto it = g.rules_by_key.find(key);
        if (it != g.rules_by_key.end()) out.insert(out.end(), it->second.begin(), it->second.end());
    }
    if (groups_.size() + (unindexed_.empty() ? 0 : 1) > 1) std::sort(out.begin() + static_cast<long>(start), out.end());
}

}  // namespace vigil::engine
