// Rule compilation per log type, the match decision, and rendering of title/dedup/severity/context.
#include "engine/rule_program.hpp"

#include "engine/check.hpp"
#include "engine/compiler.hpp"
#include "engine/evaluator.hpp"

namespace vigil::engine {

const rule_variant* compiled_rule::variant_for(std::string_view log_type) const {
    for (const auto& v : variants)
        if (v.log_type == log_type) return &v;
    return nullptr;
}

decision decide(const rule_variant& v, event_context& ctx, uint64_t proven) {
    decision d;
    for (size_t i = 0; i < v.conditions.size(); ++i) {
        if (i < 64 && (proven >> i & 1)) continue;
        if (!holds(v.conditions[i], ctx)) {
            d.failed_condition = static_cast<int>(i);
            return d;
        }
    }
    for (size_t i = 0; i < v.exclusions.size(); ++i) {
        if (holds(v.exclusions[i], ctx)) {
            d.exclusion = static_cast<int>(i);
            return d;
        }
    }
    d.matched = true;
    return d;
}

namespace {

void render_into(const compiled_template& t, event_context& ctx, std::string& out) {
    out.clear();
    for (const auto& p : t.parts) {
        if (p.hole) append_text(out, evaluate(*p.hole, ctx));
        else out += p.literal;
    }
}

void render_title(const compiled_rule& rule, const rule_variant& v, event_context& ctx, std::string& out) {
    const auto& spec = *rule.spec;
    if (v.title) render_into(*v.title, ctx, out);
    else out = spec.display_name.empty() ? spec.rule_id : spec.display_name;
}

}  // namespace

void render_dedup(const compiled_rule& rule, const rule_variant& v, event_context& ctx, std::string& out) {
    if (v.dedup) render_into(*v.dedup, ctx, out);
    else render_title(rule, v, ctx, out);
}

bool render_distinct(const rule_variant& v, event_context& ctx, std::string& out) {
    out.clear();
    if (!v.distinct_on) return false;
    value d = evaluate(*v.distinct_on, ctx);
    if (d.is_null()) return false;
    append_text(out, d);
    return true;
}

rule_outputs render_outputs(const compiled_rule& rule, const rule_variant& v, event_context& ctx) {
    rule_outputs out;
    const auto& spec = *rule.spec;
    render_title(rule, v, ctx, out.title);
    render_dedup(rule, v, ctx, out.dedup);
    out.level = spec.level;
    for (size_t i = 0; i < v.severities.size(); ++i) {
        if (holds(v.severities[i], ctx)) {
            out.level = spec.dynamic_severities[i].level;
            break;
        }
    }
    for (size_t i = 0; i < v.context.size(); ++i) out.alert_context[spec.alert_context[i].first] = to_json(evaluate(v.context[i], ctx));
    return out;
}

namespace {

class rule_compiler {
public:
    rule_compiler(const compiled_model* model, reuse_scope reuse, constant_pool& pool, dsl::diagnostics& diags)
        : scope_{model ? &model->field_names : nullptr, nullptr, reuse}, pool_(pool), diags_(diags) {}

    compiled_node expression(const dsl::expression_text& e) {
        auto r = compile_expression(*e.ast, scope_, pool_);
        report_problems(e, r.problems, diags_);
        return std::move(r.node);
    }

    compiled_template templ(const dsl::template_text& t) {
        compiled_template out;
        out.parts.reserve(t.parts.size());
        for (const auto& p : t.parts) {
            if (!p.hole) {
                out.parts.push_back({p.literal, std::nullopt});
                continue;
            }
            auto r = compile_expression(*p.hole, scope_, pool_);
            for (const auto& prob : r.problems) {
                auto at = t.origin.at(p.offset + prob.offset);
                diags_.error(at, "in template hole: " + prob.message, t.origin.file() ? t.origin.file()->line_text(at.line) : std::string_view{});
            }
            out.parts.push_back({"", std::move(r.node)});
        }
        return out;
    }

private:
    name_scope scope_;
    constant_pool& pool_;
    dsl::diagnostics& diags_;
};

}  // namespace

std::optional<compiled_rule> compile_rule(const dsl::rule_spec& spec, const std::map<std::string, const compiled_model*>& models,
                                          constant_pool& pool, dsl::diagnostics& diags, const reuse_library* library) {
    compiled_rule rule;
    rule.spec = &spec;
    size_t errors_before = diags.error_count();
    // Let values are expanded once, each seeing the ones before it, and checked where they are
    // written; their uses then expand to them, so the index and prefilter see through a Let too.
    let_values lets;
    for (const auto& [name, e] : spec.lets) {
        auto expanded = expand_reuse(*e.ast, reuse_scope{library, &lets});
        if (expanded.problems.empty()) {
            auto first = spec.log_types.empty() ? models.end() : models.find(spec.log_types.front());
            const compiled_model* model = first == models.end() ? nullptr : first->second;
            expanded.problems = check_expression(*expanded.ast, check_scope{model ? &model->field_names : nullptr, nullptr});
        }
        report_problems(e, expanded.problems, diags);
        lets.emplace_back(name, std::move(expanded.ast));
    }
    if (diags.error_count() != errors_before) return std::nullopt;
    for (const auto& log_type : spec.log_types) {
        auto it = models.find(log_type);
        const compiled_model* model = it == models.end() ? nullptr : it->second;
        // Compile problems are the same for every log type; report them only once.
        dsl::diagnostics scratch;
        rule_compiler c(model, reuse_scope{library, &lets}, pool, rule.variants.empty() ? diags : scratch);
        rule_variant v;
        v.log_type = log_type;
        v.model = model;
        // Sized up front, like the template parts and node children: a thousand-rule pack loads with
        // ~47,000 fewer allocations (no load-time change measurable on this machine, less heap churn).
        v.conditions.reserve(spec.conditions.size());
        v.exclusions.reserve(spec.exclusions.size());
        v.severities.reserve(spec.dynamic_severities.size());
        v.context.reserve(spec.alert_context.size());
        for (const auto& e : spec.conditions) v.conditions.push_back(c.expression(e));
        for (const auto& ex : spec.exclusions) v.exclusions.push_back(c.expression(ex.condition));
        if (spec.title) v.title = c.templ(*spec.title);
        if (spec.dedup) v.dedup = c.templ(*spec.dedup);
        for (const auto& s : spec.dynamic_severities) v.severities.push_back(c.expression(s.condition));
        for (const auto& [key, e] : spec.alert_context) v.context.push_back(c.expression(e));
        if (spec.distinct_on) v.distinct_on = c.expression(*spec.distinct_on);
        rule.variants.push_back(std::move(v));
    }
    if (diags.error_count() != errors_before) return std::nullopt;
    return rule;
}

}  // namespace vigil::engine
