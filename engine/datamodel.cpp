// Compiles data-model specs: Let bindings may use earlier bindings; mappings use bindings and raw paths.
#include "engine/datamodel.hpp"

#include "engine/compiler.hpp"

#include <algorithm>

namespace vigil::engine {

int compiled_model::field_slot(std::string_view name) const {
    auto it = std::find(field_names.begin(), field_names.end(), name);
    return it == field_names.end() ? -1 : static_cast<int>(it - field_names.begin());
}

void report_problems(const dsl::expression_text& e, const std::vector<dsl::parse_problem>& problems, dsl::diagnostics& diags) {
    for (const auto& p : problems) {
        auto at = e.position(p.offset);
        diags.error(at, p.message, e.origin.file() ? e.origin.file()->line_text(at.line) : std::string_view{});
    }
}

std::optional<compiled_model> compile_model(const dsl::datamodel_spec& spec, constant_pool& pool, dsl::diagnostics& diags,
                                            const reuse_library* library) {
    compiled_model m;
    m.id = spec.id;
    m.log_types = spec.log_types;
    m.spec = &spec;
    size_t errors_before = diags.error_count();
    // Bindings see only the ones before them, so evaluation can never cycle.
    for (const auto& [name, e] : spec.lets) {
        name_scope scope{nullptr, &m.binding_names, reuse_scope{library, nullptr}};
        auto r = compile_expression(*e.ast, scope, pool);
        report_problems(e, r.problems, diags);
        m.binding_names.push_back(name);
        m.bindings.push_back(std::move(r.node));
    }
    name_scope scope{nullptr, &m.binding_names, reuse_scope{library, nullptr}};
    auto compile_one = [&](const dsl::expression_text& e) {
        auto r = compile_expression(*e.ast, scope, pool);
        report_problems(e, r.problems, diags);
        return std::move(r.node);
    };
    for (const auto& [name, e] : spec.mappings) {
        m.field_names.push_back(name);
        m.fields.push_back(compile_one(e));
    }
    if (spec.when) m.when = compile_one(*spec.when);
    if (spec.event_time) m.event_time = compile_one(*spec.event_time);
    if (diags.error_count() != errors_before) return std::nullopt;
    return m;
}

}  // namespace vigil::engine
