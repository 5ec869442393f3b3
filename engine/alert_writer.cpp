// Alert serialisation: metadata through nlohmann (alerts are rare), the raw event spliced in verbatim.
#include "engine/alert_writer.hpp"

#include "engine/event_time.hpp"

namespace vigil::engine {

void append_alert_json(std::string& out, const rule_match& m, const rule_outputs& outputs, std::string_view log_type,
                       const alert_source& source, std::optional<int64_t> event_time_ms, std::string_view raw_event) {
    const auto& spec = *m.rule->spec;
    nlohmann::ordered_json j;
    j["rule_id"] = spec.rule_id;
    j["severity"] = std::string(dsl::severity_name(outputs.level));
    j["title"] = outputs.title;
    j["dedup"] = outputs.dedup;
    j["alert_context"] = outputs.alert_context;
    j["log_type"] = std::string(log_type);
    j["source"] = {{"file", std::string(source.file)}, {"line", source.line}};
    if (source.index) j["source"]["index"] = source.index;
    j["event_time"] = event_time_ms ? nlohmann::ordered_json(format_timestamp_ms(*event_time_ms)) : nlohmann::ordered_json(nullptr);
    j["tags"] = spec.tags;
    j["reports"] = spec.reports;
    j["runbook"] = spec.runbook;
    j["reference"] = spec.reference;
    std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    text.pop_back();  // the closing brace: the event goes last
    out += text;
    out += ",\"event\":";
    out += raw_event;
    out += "}\n";
}

}  // namespace vigil::engine
