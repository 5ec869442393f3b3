// A compiled data model: how one log type's raw events become the normalised view rules read.
#pragma once

#include "dsl/diagnostics.hpp"
#include "dsl/documents.hpp"
#include "dsl/expression_parser.hpp"
#include "engine/program.hpp"
#include "engine/reuse_expansion.hpp"

#include <optional>
#include <string>
#include <vector>

namespace vigil::engine {

class compiled_model {
public:
    std::string id;
    std::vector<std::string> log_types;
    std::vector<std::string> field_names;  // slot -> normalised name
    std::vector<compiled_node> fields;
    std::vector<std::string> binding_names;
    std::vector<compiled_node> bindings;
    std::optional<compiled_node> when;
    std::optional<compiled_node> event_time;
    const dsl::datamodel_spec* spec = nullptr;  // owned by the ruleset's document set

    int field_slot(std::string_view name) const;
};

// Compiles a data-model spec; compile problems are reported at their file positions. `library`
// holds the lists and macros its expressions may use.
std::optional<compiled_model> compile_model(const dsl::datamodel_spec& spec, constant_pool& pool, dsl::diagnostics& diags,
                                            const reuse_library* library = nullptr);

// Reports compile problems of one expression at file positions.
void report_problems(const dsl::expression_text& e, const std::vector<dsl::parse_problem>& problems, dsl::diagnostics& diags);

}  // namespace vigil::engine
