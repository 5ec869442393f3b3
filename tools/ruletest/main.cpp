// ruletest: loads rules and data models, runs their embedded tests, explains failures, exits 1 on any.
#include "common/load.hpp"
#include "engine/explain.hpp"
#include "report.hpp"
#include "selection.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

using namespace vigil;

int main(int argc, char** argv) {
    CLI::App app{"Runs the tests embedded in Vigil rule and data-model files.\n"
                 "Loads every .yml/.yaml under PATH... (default: the bundled rules/ and schemas/)."};
    std::vector<std::string> paths, filters;
    std::string only_test, format = "text";
    bool failures_only = false;
    size_t minimum_tests = 0;
    bool coverage = false, explain = false;
    double coverage_min = -1;
    app.add_option("paths", paths, "Rule, data-model and pack files or folders");
    app.add_option("--filter", filters, "Select rules by KEY=VALUE[,VALUE] (RuleID, LogTypes, Tags, Severity); repeat to AND")
        ->allow_extra_args(false);  // one KEY=VALUE per --filter, so paths after it stay paths
    app.add_option("--test", only_test, "Run only the tests with this name");
    app.add_flag("--show-failures-only", failures_only, "Print only failing tests");
    app.add_option("--minimum-tests", minimum_tests, "Fail rules with fewer tests, or without both a true and a false test");
    app.add_option("--format", format, "Output format")->check(CLI::IsMember({"text", "json", "junit"}));
    app.add_flag("--explain", explain, "For a failing test, print why as `vigil explain` does: every condition, leaf and exclusion with its value");
    app.add_flag("--coverage", coverage,
                 "Measure what each rule's tests made true and false (condition lines, comparisons, exclusions, DynamicSeverities) "
                 "and list what they never did, with file:line:col");
    app.add_option("--coverage-min", coverage_min, "Exit 1 when the selected rules' coverage is below PCT percent (implies --coverage)")
        ->check(CLI::Range(0.0, 100.0))
        ->option_text("PCT");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : 2;  // usage errors are exit status 2, as for vigil
    }

    ruletest::selection sel;
    for (const auto& f : filters) {
        if (auto err = sel.add(f)) {
            std::cerr << "ruletest: " << *err << "\n";
            return 2;
        }
    }

    engine::ruleset_options options;
    options.include_disabled = true;
    auto loaded = tools::load_rules(paths, options);
    dsl::print_diagnostics(std::cerr, loaded.diags);

    ruletest::run_report report;
    report.errors = loaded.diags.error_count();
    const auto& rs = *loaded.rules;
    for (const auto& rule : rs.rules()) {
        if (!sel.selects(*rule.spec)) continue;
        auto r = engine::run_rule_tests(rs, rule, only_test);
        if (explain)
            for (auto& outcome : r.tests) {
                if (outcome.passed) continue;
                const auto& spec = *rule.spec;
                for (const auto& t : spec.tests) {
                    if (t.name != outcome.name) continue;
                    const std::string lt = spec.log_types.empty() ? "" : spec.log_types.front();
                    const auto logs = engine::test_logs(t);
                    for (size_t i = 0; i < logs.size(); ++i) {
                        outcome.reason += t.is_sequence() ? "\n  explained, Logs[" + std::to_string(i) + "]:\n" : std::string("\n  explained:\n");
                        // Indented under the test, as its reason is.
                        const std::string text = engine::explanation_text(engine::explain_event(rs, logs[i]->dump(), lt, {spec.rule_id}));
                        for (size_t at = 0; at < text.size();) {
                            const size_t nl = text.find('\n', at);
                            outcome.reason += "    " + text.substr(at, nl - at) + "\n";
                            at = nl == std::string::npos ? text.size() : nl + 1;
                        }
                    }
                    break;
                }
            }
        ruletest::suite s{rule.spec->rule_id, "rule", rule.spec->file, std::move(r.tests), {}, {}};
        if (minimum_tests > 0) {
            const auto& tests = rule.spec->tests;
            bool has_true = std::any_of(tests.begin(), tests.end(), [](auto& t) { return t.expected_result; });
            bool has_false = std::any_of(tests.begin(), tests.end(), [](auto& t) { return !t.expected_result; });
            if (tests.size() < minimum_tests)
                s.problems.push_back("has " + std::to_string(tests.size()) + " tests, --minimum-tests requires " + std::to_string(minimum_tests));
            if (!has_true || !has_false) s.problems.push_back("needs at least one true and one false test (--minimum-tests)");
        }
        if (coverage || coverage_min >= 0) s.coverage = engine::measure_coverage(rule, only_test);
        report.suites.push_back(std::move(s));
    }
    for (const auto& model : rs.models()) {
        if (!sel.selects(*model.spec)) continue;
        auto r = engine::run_model_tests(model, only_test);
        report.suites.push_back({model.id, "datamodel", model.spec->file, std::move(r.tests), std::move(r.normalised), {}});
    }
    ruletest::count(report);

    if (format == "json") ruletest::print_json(std::cout, report, failures_only);
    else if (format == "junit") ruletest::print_junit(std::cout, report, failures_only);
    else ruletest::print_text(std::cout, report, failures_only);
    bool below_minimum = false;
    if (coverage || coverage_min >= 0) {
        const auto t = ruletest::total_coverage(report);
        if (format == "text") ruletest::print_coverage_text(std::cout, report);
        else if (format == "junit") std::cerr << "ruletest: coverage " << t.percent() << "% (" << t.covered << "/" << t.total << " outcomes)\n";
        if (coverage_min >= 0 && t.rules == 0) {
            // A filter that selects nothing must not pass a coverage gate with "100%".
            std::cerr << "ruletest: --coverage-min: no rule was selected, nothing was measured\n";
            below_minimum = true;
        } else if (coverage_min >= 0 && t.percent() < coverage_min) {
            std::cerr << "ruletest: coverage " << t.percent() << "% is below --coverage-min " << coverage_min << "\n";
            below_minimum = true;
        }
    }
    if (!only_test.empty() && report.passed + report.failed == 0) {
        // A misspelt --test must not look like a clean run.
        std::cerr << "ruletest: no test named '" << only_test << "' in the selected rules and data models\n";
        return 1;
    }
    return (report.failed > 0 || report.errors > 0 || below_minimum) ? 1 : 0;
}
