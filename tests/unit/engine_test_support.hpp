// Small harness shared by the engine unit tests: evaluate one expression over one JSON event, and load
// rule/data-model YAML texts into a ruleset, failing loudly (with the diagnostics) on any problem.
#pragma once

#include "engine/event_context.hpp"
#include "engine/event_document.hpp"
#include "engine/program.hpp"
#include "engine/ruleset.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::engine_test {

// An expression compiled with no data model (every name is a raw path). Throws on parse or compile
// problems, so a typo in a test table shows up as a failing test with the message.
class compiled_expression {
public:
    explicit compiled_expression(std::string_view text);
    const engine::compiled_node& node() const { return node_; }

private:
    engine::constant_pool pool_;  // constants the node points into; must outlive it
    engine::compiled_node node_;
};

// One parsed event, with a context ready to evaluate over it.
class event_fixture {
public:
    explicit event_fixture(std::string_view json);
    engine::event_context& reset();  // a fresh context over the event (clears scratch and read errors)
    engine::value root() const { return doc_.root(); }

private:
    engine::event_document doc_;
    engine::event_context ctx_;
};

struct evaluation {
    bool holds = false;                 // the condition form
    nlohmann::ordered_json value;       // the value form, as JSON
    std::vector<std::string> read_errors;
};

// Compiles `expression` and evaluates it over `event_json` in both forms.
evaluation evaluate_text(std::string_view expression, std::string_view event_json = "{}");
bool holds_text(std::string_view expression, std::string_view event_json = "{}");

// Table rows of {expression, JSON of its expected value}: each is evaluated over `event_json` and
// must give that value with no read error (Catch checks, with the expression as context).
struct value_row {
    const char* expression;
    const char* expected;
};
void check_value_rows(std::initializer_list<value_row> rows, std::string_view event_json);
nlohmann::ordered_json value_text(std::string_view expression, std::string_view event_json = "{}");

// A ruleset built from YAML texts (one document set); throws with the formatted diagnostics on errors.
std::shared_ptr<const engine::ruleset> load_ruleset(const std::vector<std::string>& yaml_texts);

// A rule of a ruleset run over one event of one log type, as the run loop would.
struct rule_run {
    engine::decision decided;
    engine::rule_outputs outputs;        // rendered only when the rule matched
    std::vector<std::string> read_errors;
};
rule_run run_rule(const engine::ruleset& rs, std::string_view rule_id, std::string_view log_type, std::string_view event_json);

}  // namespace vigil::engine_test
