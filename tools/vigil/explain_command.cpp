// `vigil explain`: loads the rules, reads events (or a rule's test logs) and prints explanations.
#include "explain_command.hpp"

#include "common/load.hpp"
#include "engine/envelope.hpp"
#include "engine/explain.hpp"
#include "engine/test_runner.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>
#include <iostream>

namespace vigil::tools {

namespace {

using json = nlohmann::ordered_json;

// One explained event: where it came from, and the explanation.
struct explained {
    json source;
    json explanation;
};

void print(const std::vector<explained>& all, const std::string& format) {
    if (format == "json") {
        json doc = {{"events", json::array()}};
        for (const auto& e : all) doc["events"].push_back({{"source", e.source}, {"explanation", e.explanation}});
        std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return;
    }
    for (const auto& e : all) {
        const auto& s = e.source;
        if (s.contains("test"))
            std::cout << "test '" << s["test"].get<std::string>() << "' of " << s["rule_id"].get<std::string>()
                      << (s.contains("index") ? " (Logs[" + std::to_string(s["index"].get<size_t>()) + "])" : std::string()) << ", "
                      << s["file"].get<std::string>() << ":" << s["line"].get<uint32_t>() << "\n";
        else
            std::cout << s["file"].get<std::string>() << ":" << s["line"].get<uint64_t>()
                      << (s.contains("index") ? "#" + std::to_string(s["index"].get<uint32_t>()) : std::string()) << "\n";
        std::cout << engine::explanation_text(e.explanation) << "\n";
    }
}

}  // namespace

void add_explain_command(CLI::App& app, explain_options& o) {
    auto* cmd = app.add_subcommand("explain", "Explain why each event did or did not match: every condition, leaf and exclusion with its value");
    cmd->add_option("events", o.inputs, "NDJSON event files; '-' or none for stdin (not with --test/--tests)");
    cmd->add_option("--rules", o.rule_paths, "Rule, data-model and pack files or folders (default: the bundled rules/ and schemas/)")
        ->allow_extra_args(false);
    cmd->add_option("--rule", o.rule_ids, "Explain only this rule (repeatable)")->allow_extra_args(false);
    cmd->add_option("--test", o.tests, "Explain this test of the selected rules instead of events (repeatable)")->allow_extra_args(false);
    cmd->add_flag("--tests", o.all_tests, "Explain every test of the selected rules");
    cmd->add_option("--log-type", o.log_type, "Log type for events without p_log_type");
    cmd->add_option("--envelope", o.envelope, "Each line is an envelope of this kind, as for vigil run (each event explained with its index)")
        ->check([](const std::string& v) { return engine::envelope_named(v) ? std::string{} : "unknown envelope '" + v + "'"; })
        ->default_val("none");
    cmd->add_option("--format", o.format, "text, or json (one document)")->check(CLI::IsMember({"text", "json"}))->default_val("text");
}

int explain(const explain_options& o) {
    engine::ruleset_options ro;
    ro.include_disabled = true;  // a disabled rule can be explained (ruletest tests it too)
    auto loaded = load_rules(o.rule_paths, ro);
    dsl::print_diagnostics(std::cerr, loaded.diags);
    if (loaded.diags.has_errors()) {
        std::cerr << "vigil explain: the rules do not load\n";
        return 2;
    }
    const auto& rs = *loaded.rules;
    int status = 0;
    for (const auto& id : o.rule_ids) {
        const bool known = std::any_of(rs.rules().begin(), rs.rules().end(), [&](const auto& r) { return r.spec->rule_id == id; });
        if (!known) {
            std::cerr << "vigil explain: no loaded rule has RuleID '" << id << "'\n";
            status = 1;
        }
    }
    std::vector<explained> all;
    if ((o.all_tests || !o.tests.empty()) && !o.inputs.empty()) {
        std::cerr << "vigil explain: --test/--tests explain a rule's own test logs; event files are not read with them\n";
        return 1;
    }
    if (o.all_tests || !o.tests.empty()) {
        // A rule's test logs, each against its own rule, with the rule's first log type by default.
        std::set<std::string> found;
        for (const auto& rule : rs.rules()) {
            const auto& spec = *rule.spec;
            if (!o.rule_ids.empty() && std::find(o.rule_ids.begin(), o.rule_ids.end(), spec.rule_id) == o.rule_ids.end()) continue;
            for (const auto& t : spec.tests) {
                if (!o.all_tests && std::find(o.tests.begin(), o.tests.end(), t.name) == o.tests.end()) continue;
                found.insert(t.name);
                const std::string lt = spec.log_types.empty() ? "" : spec.log_types.front();
                auto add = [&](const nlohmann::ordered_json& log, std::optional<size_t> index) {
                    json source = {{"rule_id", spec.rule_id}, {"test", t.name}, {"file", t.where.file}, {"line", t.where.line}};
                    if (index) source["index"] = *index;
                    all.push_back({std::move(source), engine::explain_event(rs, log.dump(), lt, {spec.rule_id})});
                };
                const auto logs = engine::test_logs(t);
                for (size_t i = 0; i < logs.size(); ++i) add(*logs[i], t.is_sequence() ? std::optional<size_t>(i) : std::nullopt);
            }
        }
        for (const auto& name : o.tests)
            if (!found.count(name)) {
                std::cerr << "vigil explain: no selected rule has a test named '" << name << "'\n";
                status = 1;
            }
    } else {
        const std::vector<std::string> inputs = o.inputs.empty() ? std::vector<std::string>{"-"} : o.inputs;
        for (const auto& path : inputs) {
            std::ifstream file;
            if (path != "-") {
                file.open(path);
                if (!file) {
                    std::cerr << "vigil explain: cannot open " << path << ": " << std::strerror(errno) << "\n";
                    status = 1;
                    continue;
                }
            }
            std::istream& in = path == "-" ? std::cin : file;
            const auto kind = engine::envelope_named(o.envelope).value_or(engine::envelope_kind::none);
            engine::envelope_reader envelopes(kind);
            uint64_t n = 0;
            for (std::string line; std::getline(in, line);) {
                ++n;
                if (!line.empty() && line.back() == '\r') line.pop_back();
                if (line.find_first_not_of(" \t") == std::string::npos) continue;
                if (kind == engine::envelope_kind::none) {
                    all.push_back({{{"file", path}, {"line", n}}, engine::explain_event(rs, line, o.log_type, o.rule_ids)});
                    continue;
                }
                // The events of the envelope, each at its line and index (as alerts name them).
                const size_t size = line.size();
                line.append(64, '\0');
                if (!envelopes.unwrap(std::string_view(line.data(), size))) {
                    std::cerr << "vigil explain: " << path << ":" << n << ": not an event: " << envelopes.error() << "\n";
                    status = 1;
                    continue;
                }
                uint32_t index = 0;
                for (const auto& e : envelopes.events()) {
                    ++index;
                    if (!e.error.empty()) {
                        std::cerr << "vigil explain: " << path << ":" << n << "#" << index << ": not an event: " << e.error << "\n";
                        continue;
                    }
                    all.push_back({{{"file", path}, {"line", n}, {"index", index}},
                                   engine::explain_event(rs, e.text, o.log_type.empty() ? e.default_log_type : std::string_view(o.log_type), o.rule_ids)});
                }
            }
        }
    }
    print(all, o.format);
    return status;
}

}  // namespace vigil::tools
