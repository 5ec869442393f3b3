// Explanations: the same decision a run makes, with every step's value kept for the reader.
#include "engine/explain.hpp"

#include "engine/condition_leaves.hpp"
#include "engine/evaluator.hpp"
#include "engine/event_document.hpp"
#include "engine/event_processor.hpp"
#include "engine/test_runner.hpp"

#include <algorithm>
#include <map>

namespace vigil::engine {

namespace {

using json = nlohmann::ordered_json;

bool is_logical(const compiled_node& n) {
    return n.code == op_code::logical_and || n.code == op_code::logical_or || n.code == op_code::logical_not;
}

// The parts `and`, `or` and `not` combine, as a tree: each with its value, the leaves with what they read.
json parts_json(const compiled_node& n, const dsl::expression_text& source, event_context& ctx, int depth) {
    json parts = json::array();
    for (const auto& k : n.kids) {
        const auto where = span_position(source, k.where);
        json part = {{"text", span_text(source, k.where)}, {"line", where.line}, {"column", where.column}, {"value", holds(k, ctx)}};
        if (is_logical(k) && !is_macro_expansion(k) && depth < 64) part["parts"] = parts_json(k, source, ctx, depth + 1);
        else part["reads"] = trace_reads(k, source, ctx);
        parts.push_back(std::move(part));
    }
    return parts;
}

json point_json(const compiled_node& n, const dsl::expression_text& source, event_context& ctx, bool evaluated) {
    json p;
    const auto at = source.position();
    p["text"] = source.text;
    p["file"] = at.file;
    p["line"] = at.line;
    p["column"] = at.column;
    p["value"] = holds(n, ctx);
    p["evaluated"] = evaluated;
    if (is_logical(n) && !is_macro_expansion(n)) p["parts"] = parts_json(n, source, ctx, 0);
    else p["reads"] = trace_reads(n, source, ctx);
    return p;
}

// The data-model fields a rule's conditions and exclusions read, with their values and mappings.
json fields_read(const rule_variant& v, event_context& ctx) {
    json out = json::array();
    if (!v.model) return out;
    std::map<uint32_t, value> seen;
    ctx.listener = [&](const compiled_node& node, const value& result) {
        if (node.code == op_code::field) seen.emplace(node.slot, result);  // `requestObject.spec.x` reads requestObject
    };
    for (const auto& c : v.conditions) (void)holds(c, ctx);
    for (const auto& e : v.exclusions) (void)holds(e, ctx);
    ctx.listener = nullptr;
    for (const auto& [slot, val] : seen) {
        const std::string& name = v.model->field_names[slot];
        std::string mapping;
        if (v.model->spec)
            for (const auto& [field, expr] : v.model->spec->mappings)
                if (field == name) mapping = expr.text;
        out.push_back({{"name", name}, {"value", to_json(ctx.field(slot))}, {"mapping", mapping}, {"model", v.model->id}});
    }
    return out;
}

}  // namespace

json explain_event(const ruleset& rs, std::string_view line, std::string_view default_log_type, const std::vector<std::string>& only_rules) {
    json e;
    e["log_type"] = nullptr;
    e["status"] = "ok";
    e["error"] = nullptr;
    // What a run does first: the literal prefilter, judged as `vigil run` would on every line.
    {
        std::string padded(line);
        padded.append(64, '\0');
        event_processor scanning(std::shared_ptr<const ruleset>(std::shared_ptr<const ruleset>{}, &rs), prefilter_mode::always);
        event_result r;
        scanning.process(std::string_view(padded.data(), line.size()), default_log_type, r);
        const bool skips = r.status == event_status::skipped;
        e["prefilter"] = {{"skips", skips},
                          {"reason", skips ? "no rule of log type '" + r.log_type +
                                                 "' finds a literal of each of its required clauses in the raw line: a run does not parse it"
                                           : std::string(rs.prefilter().can_skip_lines() ? "the raw line holds what some rule requires (or it must be parsed to be read): a run parses it"
                                                                                         : "some rule gives no literal: a run parses every line")}};
    }
    event_document doc;
    if (!doc.parse(line)) {
        e["status"] = "invalid_json";
        e["error"] = doc.error();
        e["rules"] = json::array();
        return e;
    }
    std::string log_type;
    if (value lt = doc.root().get("p_log_type"); lt.type() == value_type::string) log_type = lt.as_string();
    else log_type = default_log_type;
    if (log_type.empty()) {
        e["status"] = "missing_log_type";
        e["rules"] = json::array();
        return e;
    }
    e["log_type"] = log_type;
    const log_type_entry* entry = rs.find(log_type);
    if (!entry) {
        e["status"] = "unknown_log_type";
        e["rules"] = json::array();
        return e;
    }
    event_context ctx;
    ctx.reset(doc.root(), entry->model);
    std::vector<uint32_t> candidates;
    entry->index->candidates(ctx, candidates);
    e["rules"] = json::array();
    for (uint32_t i = 0; i < entry->rules.size(); ++i) {
        const auto& ref = entry->rules[i];
        const auto& spec = *ref.rule->spec;
        if (!only_rules.empty() && std::find(only_rules.begin(), only_rules.end(), spec.rule_id) == only_rules.end()) continue;
        const auto& v = *ref.variant;
        const decision d = decide(v, ctx);
        json r;
        r["rule_id"] = spec.rule_id;
        r["file"] = spec.file;
        r["line"] = spec.id_where.line;
        r["decision"] = d.matched ? "match" : d.exclusion >= 0 ? "excluded" : "no match";
        r["index_candidate"] = std::binary_search(candidates.begin(), candidates.end(), i);
        r["conditions"] = json::array();
        for (size_t c = 0; c < v.conditions.size() && c < spec.conditions.size(); ++c) {
            const bool reached = d.failed_condition < 0 || static_cast<int>(c) <= d.failed_condition;
            r["conditions"].push_back(point_json(v.conditions[c], spec.conditions[c], ctx, reached));
        }
        r["exclusions"] = json::array();
        for (size_t x = 0; x < v.exclusions.size() && x < spec.exclusions.size(); ++x) {
            const bool reached = d.failed_condition < 0 && (d.exclusion < 0 || static_cast<int>(x) <= d.exclusion);
            json p = point_json(v.exclusions[x], spec.exclusions[x].condition, ctx, reached);
            p["name"] = spec.exclusions[x].name;
            r["exclusions"].push_back(std::move(p));
        }
        r["fields"] = fields_read(v, ctx);
        if (d.matched) {
            auto out = render_outputs(*ref.rule, v, ctx);
            r["outputs"] = {{"title", out.title},
                            {"dedup", out.dedup},
                            {"severity", std::string(dsl::severity_name(out.level))},
                            {"alert_context", out.alert_context}};
        } else {
            r["outputs"] = nullptr;
        }
        e["rules"].push_back(std::move(r));
    }
    return e;
}

namespace {

std::string truth(const json& v) { return v.get<bool>() ? "true " : "false"; }

void parts_text(std::string& out, const json& parts, const std::string& indent) {
    for (const auto& l : parts) {
        out += indent + truth(l["value"]) + "  " + std::to_string(l["line"].get<uint32_t>()) + ":" + std::to_string(l["column"].get<uint32_t>()) + "  " +
               l["text"].get<std::string>() + "\n";
        if (l.contains("parts")) parts_text(out, l["parts"], indent + "  ");
        else
            for (const auto& r : l["reads"]) out += indent + "    read " + r.get<std::string>() + "\n";
    }
}

void point_text(std::string& out, const json& p, const std::string& label) {
    out += "    " + label + " " + truth(p["value"]) + (p["evaluated"].get<bool>() ? "" : " (not reached)") + "  " +
           p["file"].get<std::string>() + ":" + std::to_string(p["line"].get<uint32_t>()) + ":" + std::to_string(p["column"].get<uint32_t>()) +
           "  " + p["text"].get<std::string>() + "\n";
    if (p.contains("parts")) parts_text(out, p["parts"], "      ");
    else
        for (const auto& r : p["reads"]) out += "        read " + r.get<std::string>() + "\n";
}

}  // namespace

std::string explanation_text(const json& e) {
    std::string out;
    out += "  log type: " + (e["log_type"].is_null() ? std::string("(none)") : e["log_type"].get<std::string>()) + "\n";
    out += "  prefilter: " + std::string(e["prefilter"]["skips"].get<bool>() ? "skips the line" : "passes the line") + ": " +
           e["prefilter"]["reason"].get<std::string>() + "\n";
    const std::string status = e["status"].get<std::string>();
    if (status == "invalid_json") return out + "  invalid JSON: " + e["error"].get<std::string>() + "\n";
    if (status == "missing_log_type") return out + "  no p_log_type (give --log-type for events without one)\n";
    if (status == "unknown_log_type") return out + "  no loaded rule or data model covers this log type\n";
    if (e["rules"].empty()) out += "  no rule of this log type is selected\n";
    for (const auto& r : e["rules"]) {
        out += "  " + r["rule_id"].get<std::string>() + ": " + r["decision"].get<std::string>() + "  (" + r["file"].get<std::string>() + ":" +
               std::to_string(r["line"].get<uint32_t>()) + ")\n";
        out += std::string("    index: ") +
               (r["index_candidate"].get<bool>() ? "offers the rule for this event"
                                                 : "does not offer the rule for this event (its equality conditions cannot hold)") +
               "\n";
        size_t n = 0;
        for (const auto& c : r["conditions"]) point_text(out, c, "condition " + std::to_string(++n));
        for (const auto& x : r["exclusions"]) point_text(out, x, "exclusion '" + x["name"].get<std::string>() + "'");
        if (!r["fields"].empty()) {
            out += "    fields read:\n";
            for (const auto& f : r["fields"])
                out += "      " + f["name"].get<std::string>() + " = " + f["value"].dump() + "  (" + f["model"].get<std::string>() + ": " +
                       f["mapping"].get<std::string>() + ")\n";
        }
        if (!r["outputs"].is_null()) {
            const auto& o = r["outputs"];
            out += "    title:         " + o["title"].get<std::string>() + "\n";
            out += "    dedup:         " + o["dedup"].get<std::string>() + "\n";
            out += "    severity:      " + o["severity"].get<std::string>() + "\n";
            if (!o["alert_context"].empty()) out += "    alert_context: " + o["alert_context"].dump() + "\n";
        }
    }
    return out;
}

}  // namespace vigil::engine
