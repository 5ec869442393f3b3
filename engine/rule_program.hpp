// A compiled rule: per log type, its conditions, exclusions and outputs resolved against that log
// type's data model (a name can be a model field for one log type and a raw path for another).
#pragma once

#include "dsl/diagnostics.hpp"
#include "dsl/documents.hpp"
#include "engine/datamodel.hpp"
#include "engine/event_context.hpp"
#include "engine/program.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vigil::engine {

struct compiled_template {
    struct part {
        std::string literal;
        std::optional<compiled_node> hole;
    };
    std::vector<part> parts;
};

struct rule_variant {
    std::string log_type;
    const compiled_model* model = nullptr;
    std::vector<compiled_node> conditions;   // spec.conditions[i]
    std::vector<compiled_node> exclusions;   // spec.exclusions[i]
    std::optional<compiled_template> title, dedup;
    std::vector<compiled_node> severities;   // spec.dynamic_severities[i]
    std::vector<compiled_node> context;      // spec.alert_context[i]
    std::optional<compiled_node> distinct_on;  // spec.distinct_on
};

struct compiled_rule {
    const dsl::rule_spec* spec = nullptr;
    std::vector<rule_variant> variants;  // one per log type of the rule
    const rule_variant* variant_for(std::string_view log_type) const;
};

// What a match produces.
struct rule_outputs {
    std::string title;
    std::string dedup;
    dsl::severity level = dsl::severity::info;
    nlohmann::ordered_json alert_context = nlohmann::ordered_json::object();
};

// Why a rule did or did not match: the first failing condition, or the exclusion that suppressed it.
struct decision {
    bool matched = false;
    int failed_condition = -1;  // index into spec.conditions
    int exclusion = -1;         // index into spec.exclusions
};

// `proven`: conditions already known to hold (bit i for condition i), e.g. by the equality index.
decision decide(const rule_variant& v, event_context& ctx, uint64_t proven = 0);
inline bool matches(const rule_variant& v, event_context& ctx, uint64_t proven = 0) { return decide(v, ctx, proven).matched; }
rule_outputs render_outputs(const compiled_rule& rule, const rule_variant& v, event_context& ctx);
// Only the dedup string (what grouping needs), into `out`: the Dedup template, else the title.
void render_dedup(const compiled_rule& rule, const rule_variant& v, event_context& ctx, std::string& out);
// The Threshold DistinctOn value of a match as text, into `out` (strings raw, others compact JSON).
// False when the rule has no DistinctOn or the value is null/missing: such a match adds no value.
bool render_distinct(const rule_variant& v, event_context& ctx, std::string& out);

// Compiles a rule for each of its log types; `models` maps log type -> data model, `library` holds
// the lists and macros its expressions may use. The rule's Let names are expanded where they are used.
std::optional<compiled_rule> compile_rule(const dsl::rule_spec& spec, const std::map<std::string, const compiled_model*>& models,
                                          constant_pool& pool, dsl::diagnostics& diags, const reuse_library* library = nullptr);

}  // namespace vigil::engine
