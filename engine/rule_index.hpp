// Indexes the rules of one log type by up to two equalities every match requires (`resource eq
// "secrets"` and `verb in ["create", "patch"]`), so an event meets only the rules filed under its
// own values: with a thousand rules an event is offered a handful, not the hundreds of its resource.
#pragma once

#include "engine/event_context.hpp"
#include "engine/program.hpp"
#include "engine/rule_program.hpp"

#include <boost/container/small_vector.hpp>

#include <string>
#include <unordered_map>
#include <vector>

namespace vigil::engine {

struct rule_ref;

class rule_index {
public:
    // `rules` in ruleset order; that order is kept for every event's candidates.
    explicit rule_index(const std::vector<rule_ref>& rules);

    // Appends to `out` the positions (into the constructor's `rules`) of the rules that can match
    // the event in `ctx`, ascending.
    void candidates(event_context& ctx, std::vector<uint32_t>& out) const;

    // The conditions of rule `position` (bit i: condition i) that hold for every event it is offered
    // through the index: they are conjunctions of the very equalities it is filed under.
    uint64_t proven(uint32_t position) const { return proven_[position]; }

    size_t group_count() const { return groups_.size(); }
    size_t unindexed_count() const { return unindexed_.size(); }

private:
    // Rules filed under the same fields; the key is the fields' string values, encoded together.
    struct group {
        std::vector<compiled_node> nodes;  // one or two fields or paths
        // Most keys file a handful of rules: kept inside the map node, one cache miss per lookup
        // instead of two (node, then a separately allocated list).
        std::unordered_map<std::string, boost::container::small_vector<uint32_t, 6>> rules_by_key;
    };
    std::vector<group> groups_;
    std::vector<uint32_t> unindexed_;
    std::vector<uint64_t> proven_;
};

// An equality a rule variant requires of every matching event: `node`'s value is one of `values`.
struct required_equality {
    const compiled_node* compare;  // the comparison that requires it
    const compiled_node* node;
    std::string identity;  // the field or path, spelled canonically
    std::vector<std::string> values;
};
std::vector<required_equality> required_equalities(const rule_variant& v);

}  // namespace vigil::engine
