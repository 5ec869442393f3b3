// The engine test harness: parse, compile and evaluate with every problem turned into an exception.
#include "engine_test_support.hpp"

#include "dsl/diagnostics.hpp"
#include "dsl/document_loader.hpp"
#include "dsl/expression_parser.hpp"
#include "engine/compiler.hpp"
#include "engine/evaluator.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <stdexcept>

namespace vigil::engine_test {

compiled_expression::compiled_expression(std::string_view text) {
    auto parsed = dsl::parse_expression(text);
    if (!parsed.ast) {
        std::string msg = "cannot parse '" + std::string(text) + "':";
        for (const auto& p : parsed.problems) msg += " [" + std::to_string(p.offset) + "] " + p.message;
        throw std::runtime_error(msg);
    }
    auto compiled = engine::compile_expression(*parsed.ast, engine::name_scope{}, pool_);
    if (!compiled.problems.empty()) {
        std::string msg = "cannot compile '" + std::string(text) + "':";
        for (const auto& p : compiled.problems) msg += " [" + std::to_string(p.offset) + "] " + p.message;
        throw std::runtime_error(msg);
    }
    node_ = std::move(compiled.node);
}

event_fixture::event_fixture(std::string_view json) {
    if (!doc_.parse(json)) throw std::runtime_error("bad test event " + std::string(json) + ": " + doc_.error());
}

engine::event_context& event_fixture::reset() {
    ctx_.reset(doc_.root(), nullptr);
    return ctx_;
}

evaluation evaluate_text(std::string_view expression, std::string_view event_json) {
    compiled_expression e(expression);
    event_fixture ev(event_json);
    evaluation out;
    // Each form gets a fresh context, so read errors are those of one evaluation.
    out.holds = engine::holds(e.node(), ev.reset());
    auto& ctx = ev.reset();
    out.value = engine::to_json(engine::evaluate(e.node(), ctx));
    out.read_errors = ctx.read_errors();
    return out;
}

bool holds_text(std::string_view expression, std::string_view event_json) { return evaluate_text(expression, event_json).holds; }

nlohmann::ordered_json value_text(std::string_view expression, std::string_view event_json) {
    return evaluate_text(expression, event_json).value;
}

std::shared_ptr<const engine::ruleset> load_ruleset(const std::vector<std::string>& yaml_texts) {
    dsl::diagnostics diags;
    dsl::document_set docs;
    for (size_t i = 0; i < yaml_texts.size(); ++i) dsl::load_document_text("test_" + std::to_string(i) + ".yml", yaml_texts[i], docs, diags);
    auto rs = engine::ruleset::build(std::move(docs), engine::ruleset_options{}, diags);
    if (diags.has_errors() || !rs->dropped.empty()) {
        std::ostringstream out;
        dsl::print_diagnostics(out, diags);
        for (const auto& d : rs->dropped) out << "dropped: " << d << "\n";
        throw std::runtime_error("test rules do not load:\n" + out.str());
    }
    return rs;
}

rule_run run_rule(const engine::ruleset& rs, std::string_view rule_id, std::string_view log_type, std::string_view event_json) {
    const engine::compiled_rule* rule = nullptr;
    for (const auto& r : rs.rules())
        if (r.spec->rule_id == rule_id) rule = &r;
    if (!rule) throw std::runtime_error("no rule " + std::string(rule_id));
    const auto* variant = rule->variant_for(log_type);
    if (!variant) throw std::runtime_error("rule " + std::string(rule_id) + " has no log type " + std::string(log_type));
    engine::event_document doc;
    if (!doc.parse(event_json)) throw std::runtime_error("bad test event: " + doc.error());
    engine::event_context ctx;
    ctx.reset(doc.root(), variant->model);
    rule_run out;
    out.decided = engine::decide(*variant, ctx);
    if (out.decided.matched) out.outputs = engine::render_outputs(*rule, *variant, ctx);
    out.read_errors = ctx.read_errors();
    return out;
}

void check_value_rows(std::initializer_list<value_row> rows, std::string_view event_json) {
    for (const auto& r : rows) {
        INFO(r.expression);
        auto got = evaluate_text(r.expression, event_json);
        CHECK(got.value.dump() == nlohmann::ordered_json::parse(r.expected).dump());
        CHECK(got.read_errors.empty());
    }
}

}  // namespace vigil::engine_test
