// Rule lint for `vigil check`: missing tests, test logs of another log type, constant conditions,
// fields no test log holds, repeated exclusions, regexes that are plain text comparisons.
#include "rule_lint.hpp"

#include "engine/condition_leaves.hpp"
#include "engine/evaluator.hpp"
#include "engine/event_document.hpp"
#include "engine/test_runner.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace vigil::tools {

namespace {

// The log type a test log names, if it names one as a string.
const std::string* named_log_type(const nlohmann::ordered_json& log) {
    auto it = log.find("p_log_type");
    return it != log.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
}

// Whether constant folding proves a condition always true or always false: a constant, or `and`
// with a false part, `or` with a true part, `not` of such (the compiler folds only nodes whose inputs
// are all constants; `x or true` keeps its `x`).
std::optional<bool> constant_truth(const engine::compiled_node& n, int depth = 0) {
    using engine::op_code;
    if (depth > 256) return std::nullopt;
    switch (n.code) {
        case op_code::constant: return engine::truthy(n.constant);
        case op_code::logical_not: {
            auto k = constant_truth(n.kids[0], depth + 1);
            return k ? std::optional<bool>(!*k) : std::nullopt;
        }
        case op_code::logical_and:
        case op_code::logical_or: {
            const bool deciding = n.code == op_code::logical_or;  // the value one part decides the whole with
            bool all_known = true;
            for (const auto& k : n.kids) {
                auto v = constant_truth(k, depth + 1);
                if (v && *v == deciding) return deciding;
                all_known = all_known && v.has_value();
            }
            return all_known ? std::optional<bool>(!deciding) : std::nullopt;
        }
        default: return std::nullopt;
    }
}

// What the event is read by in a condition: data-model fields and raw paths, not a quantifier's
// variable (it has no value outside its quantifier) nor Let bindings (read through their fields).
// What a Let name or a macro expands to carries the span of its use for every node: only the
// expansion's top node stands for what the rule's text reads there.
void collect_reads(const engine::compiled_node& n, std::vector<const engine::compiled_node*>& out, dsl::span parent = {}, int depth = 0) {
    using engine::op_code;
    if (depth > 256) return;
    const bool expanded = depth > 0 && n.where.begin == parent.begin && n.where.end == parent.end;
    if (n.code == op_code::field || n.code == op_code::raw_path) {
        if (!expanded) out.push_back(&n);
        return;
    }
    if (n.code == op_code::local) return;
    for (const auto& k : n.kids) collect_reads(k, out, expanded ? parent : n.where, depth + 1);
}

// A name as written: a path, not a call (a macro's reads are checked where it is written).
bool path_text(std::string_view t) {
    return !t.empty() && t.find_first_of("() \t\n") == std::string_view::npos;
}

// A `matches` pattern that is plain text, maybe anchored: the comparison that says the same, or
// empty. RE2 syntax: outside a class, only .[]{}()*+?|^$\ are special; `\` before punctuation is
// that character.
std::string simpler_than_regex(const std::string& pattern) {
    std::string_view p = pattern;
    const bool start = !p.empty() && p.front() == '^';
    if (start) p.remove_prefix(1);
    bool end = false;
    if (!p.empty() && p.back() == '$' && (p.size() < 2 || p[p.size() - 2] != '\\')) {
        end = true;
        p.remove_suffix(1);
    }
    std::string text;
    for (size_t i = 0; i < p.size(); ++i) {
        const char c = p[i];
        if (c == '\\') {
            if (i + 1 >= p.size() || std::isalnum(static_cast<unsigned char>(p[i + 1]))) return "";  // \d, \w, \b…
            text += p[++i];
        } else if (std::string_view(".[]{}()*+?|^$").find(c) != std::string_view::npos) {
            return "";
        } else {
            text += c;
        }
    }
    if (text.empty()) return "";
    const std::string quoted = nlohmann::json(text).dump();
    if (start && end) return "eq " + quoted;
    if (start) return "starts_with " + quoted;
    if (end) return "ends_with " + quoted;
    return "contains " + quoted;
}

void find_matches(const engine::compiled_node& n, std::vector<const engine::compiled_node*>& out, int depth = 0) {
    if (depth > 256) return;
    if (n.code == engine::op_code::compare && n.op == dsl::compare_op::matches && n.kids.size() == 2 &&
        n.kids[1].code == engine::op_code::constant && n.kids[1].constant.type() == engine::value_type::string)
        out.push_back(&n);
    for (const auto& k : n.kids) find_matches(k, out, depth + 1);
}

// Whitespace runs outside strings as one space: `a  eq "x"` and `a eq "x"` are the same condition,
// `a eq "x  y"` and `a eq "x y"` are not.
std::string normalised(const std::string& text) {
    std::string out;
    char quote = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quote) {
            out += c;
            if (c == '\\' && i + 1 < text.size()) out += text[++i];
            else if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
            out += c;
        } else if (std::isspace(static_cast<unsigned char>(c))) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace

void warn_rule_logic(const engine::ruleset& rs, dsl::diagnostics& diags) {
    for (const auto& rule : rs.rules()) {
        const auto& spec = *rule.spec;
        std::set<std::pair<int, size_t>> constant_warned;  // (section, index): once, whatever the log types
        std::set<std::string> regex_warned;
        for (const auto& v : rule.variants) {
            auto check_constant = [&](int section, size_t i, const engine::compiled_node& n, const dsl::expression_text& e, const std::string& what) {
                auto truth = constant_truth(n);
                if (!truth || !constant_warned.insert({section, i}).second) return;
                diags.lint("V105", e.position(), what + " of rule '" + spec.rule_id + "' is always " + (*truth ? "true" : "false") +
                                                     " (constant folding proves it" + (rule.variants.size() > 1 ? " for " + v.log_type : "") +
                                                     "): " + e.text);
            };
            for (size_t i = 0; i < v.conditions.size() && i < spec.conditions.size(); ++i)
                check_constant(0, i, v.conditions[i], spec.conditions[i], "condition " + std::to_string(i + 1));
            for (size_t i = 0; i < v.exclusions.size() && i < spec.exclusions.size(); ++i)
                check_constant(1, i, v.exclusions[i], spec.exclusions[i].condition, "exclusion '" + spec.exclusions[i].name + "'");

            auto check_regexes = [&](const engine::compiled_node& n, const dsl::expression_text& e) {
                std::vector<const engine::compiled_node*> found;
                find_matches(n, found);
                for (const auto* m : found) {
                    const std::string pattern(m->kids[1].constant.as_string());
                    const std::string better = simpler_than_regex(pattern);
                    const auto where = engine::span_position(e, m->where);
                    if (better.empty() || !regex_warned.insert(where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column)).second)
                        continue;
                    // `matches` is false on anything but a string; eq/contains are not (a list
                    // holding the text, a number equal to a numeric string): hence "if".
                    const std::string subject = engine::span_text(e, m->kids[0].where);
                    diags.lint("V108", where, "`" + engine::span_text(e, m->where) + "` matches plain text: if " + subject +
                                                  " is always a string, `" + subject + " " + (m->case_insensitive ? "i" : "") + better +
                                                  "` says the same without a regex (and the literal prefilter can use it)");
                }
            };
            for (size_t i = 0; i < v.conditions.size() && i < spec.conditions.size(); ++i) check_regexes(v.conditions[i], spec.conditions[i]);
            for (size_t i = 0; i < v.exclusions.size() && i < spec.exclusions.size(); ++i)
                check_regexes(v.exclusions[i], spec.exclusions[i].condition);
        }

        // The same condition twice among the exclusions: one of them is dead text.
        std::map<std::string, const dsl::named_condition*> seen;
        for (const auto& ex : spec.exclusions) {
            auto [it, inserted] = seen.emplace(normalised(ex.condition.text), &ex);
            if (inserted) continue;
            const auto first = it->second->condition.position();
            diags.lint("V107", ex.condition.position(),
                       "exclusion '" + ex.name + "' of rule '" + spec.rule_id + "' repeats the condition of exclusion '" + it->second->name +
                           "' (" + first.file + ":" + std::to_string(first.line) + "): " + ex.condition.text);
        }
    }
}

void warn_untested_fields(const engine::ruleset& rs, dsl::diagnostics& diags) {
    engine::event_document doc;
    engine::event_context ctx;
    for (const auto& rule : rs.rules()) {
        const auto& spec = *rule.spec;
        std::set<std::string> warned, top_keys;
        for (const auto& t : spec.tests)
            for (const auto* log : engine::test_logs(t))
                if (log->is_object())
                    for (const auto& [key, value] : log->items()) top_keys.insert(key);
        for (const auto& v : rule.variants) {
            // The rule's test logs of this log type (a log without p_log_type is the first LogType's).
            std::vector<const nlohmann::ordered_json*> logs;
            for (const auto& t : spec.tests)
                for (const auto* log : engine::test_logs(t)) {
                    if (engine::test_log_type(spec, *log) == v.log_type) logs.push_back(log);
                }
            if (logs.empty()) continue;  // no test of this log type: nothing to say about its fields
            struct read {
                const engine::compiled_node* node;
                const dsl::expression_text* source;
                bool held = false;
            };
            std::vector<read> reads;
            auto add = [&](const engine::compiled_node& n, const dsl::expression_text& e) {
                std::vector<const engine::compiled_node*> found;
                collect_reads(n, found);
                for (const auto* f : found) {
                    // Written in the rule itself (a macro's reads are its own file's business), and
                    // not a field the data model fixes for this log type (GKE has no `stage`).
                    const bool in_text = f->where.end > f->where.begin && f->where.end <= e.text.size() && path_text(engine::span_text(e, f->where));
                    const bool fixed = f->code == engine::op_code::field && v.model && v.model->fields[f->slot].code == engine::op_code::constant;
                    // A raw name no test log has at its top is V103's (a likely typo), not this check's.
                    const bool typo = f->code == engine::op_code::raw_path && !f->path.empty() && !top_keys.count(f->path.front().key);
                    if (in_text && !fixed && !typo) reads.push_back({f, &e});
                }
            };
            for (size_t i = 0; i < v.conditions.size() && i < spec.conditions.size(); ++i) add(v.conditions[i], spec.conditions[i]);
            for (size_t i = 0; i < v.exclusions.size() && i < spec.exclusions.size(); ++i) add(v.exclusions[i], spec.exclusions[i].condition);
            for (const auto* log : logs) {
                if (!doc.parse(log->dump())) continue;
                ctx.reset(doc.root(), v.model);
                for (auto& r : reads)
                    if (!r.held) r.held = !engine::evaluate(*r.node, ctx).is_null();
            }
            for (const auto& r : reads) {
                if (r.held) continue;
                const std::string name = engine::span_text(*r.source, r.node->where);
                if (name.rfind("p_", 0) == 0 || !warned.insert(v.log_type + "\n" + name).second) continue;
                diags.lint("V106", engine::span_position(*r.source, r.node->where),
                           "rule '" + spec.rule_id + "' reads '" + name + "', which none of its " + std::to_string(logs.size()) + " test log" +
                               (logs.size() == 1 ? "" : "s") + " of " + v.log_type +
                               " holds: its tests never show what the rule does with a value there");
            }
        }
    }
}

void warn_rule_tests(const engine::ruleset& rs, dsl::diagnostics& diags) {
    for (const auto& rule : rs.rules()) {
        const auto& spec = *rule.spec;
        if (spec.tests.empty()) {
            diags.lint("V101", spec.id_where, "rule '" + spec.rule_id + "' has no tests: add a true and a false test (Tests:) so that ruletest proves it");
            continue;
        }
        for (const auto& t : spec.tests) {
            for (const auto* log : engine::test_logs(t)) {
                const std::string* lt = named_log_type(*log);
                if (!lt || std::find(spec.log_types.begin(), spec.log_types.end(), *lt) != spec.log_types.end()) continue;
                diags.lint("V102", t.where, "test '" + t.name + "' of rule '" + spec.rule_id + "' has a log of p_log_type '" + *lt +
                                           "', not one of the rule's LogTypes: ruletest cannot judge it");
                break;
            }
        }
    }
}

}  // namespace vigil::tools
