// Envelope unwrapping with simdjson On Demand: records are cut out byte-exact (alerts embed the
// event as it was written), CloudWatch messages are unescaped into events of their own.
#include "engine/envelope.hpp"

#include <simdjson.h>

#include <algorithm>
#include <bit>

namespace vigil::engine {

namespace {

constexpr size_t padding = simdjson::SIMDJSON_PADDING;
constexpr const char* too_many_events = "it holds more than 1,000,000 events: split it (a line's events are held while it is judged)";

struct named_kind {
    std::string_view name;
    envelope_kind kind;
};
constexpr named_kind kinds[] = {
    {"none", envelope_kind::none},
    {"azure-records", envelope_kind::azure_records},
    {"cloudwatch-logs", envelope_kind::cloudwatch_logs},
    {"cloudtrail", envelope_kind::cloudtrail},
};

std::string_view type_name(simdjson::ondemand::json_type t) {
    switch (t) {
        case simdjson::ondemand::json_type::array: return "an array";
        case simdjson::ondemand::json_type::object: return "an object";
        case simdjson::ondemand::json_type::number: return "a number";
        case simdjson::ondemand::json_type::string: return "a string";
        case simdjson::ondemand::json_type::boolean: return "a boolean";
        case simdjson::ondemand::json_type::null: return "null";
    }
    return "a value";
}

std::string error_text(simdjson::error_code e) { return std::string(simdjson::error_message(e)); }

// EKS writes each control-plane log to its own stream of the log group /aws/eks/<cluster>/cluster;
// only the kube-apiserver-audit-* streams hold audit events (the others hold plain-text logs of the
// authenticator, scheduler, controller managers and the apiserver itself). EKS user guide,
// "Send control plane logs to CloudWatch Logs": log stream names.
constexpr std::string_view eks_group_prefix = "/aws/eks/";
constexpr std::string_view eks_group_suffix = "/cluster";

// /aws/eks/<cluster>/cluster, with one non-empty cluster name between.
bool is_eks_log_group(std::string_view g) {
    if (g.size() <= eks_group_prefix.size() + eks_group_suffix.size()) return false;
    if (g.substr(0, eks_group_prefix.size()) != eks_group_prefix || g.substr(g.size() - eks_group_suffix.size()) != eks_group_suffix) return false;
    const auto name = g.substr(eks_group_prefix.size(), g.size() - eks_group_prefix.size() - eks_group_suffix.size());
    return name.find('/') == std::string_view::npos;
}
constexpr std::string_view eks_audit_stream_prefix = "kube-apiserver-audit";
// Panther's names for Azure Monitor resource logs and CloudTrail, as the data models use them.
constexpr std::string_view azure_log_type = "Azure.MonitorActivity";
constexpr std::string_view cloudtrail_log_type = "AWS.CloudTrail";
constexpr std::string_view eks_log_type = "Amazon.EKS.Audit";

}  // namespace

std::optional<envelope_kind> envelope_named(std::string_view name) {
    for (const auto& k : kinds)
        if (k.name == name) return k.kind;
    return std::nullopt;
}

const std::vector<std::string_view>& envelope_names() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> out;
        for (const auto& k : kinds) out.push_back(k.name);
        return out;
    }();
    return names;
}

struct envelope_reader::parser {
    simdjson::ondemand::parser ondemand;
};

envelope_reader::envelope_reader(envelope_kind kind) : kind_(kind), parser_(std::make_unique<parser>()) {}
envelope_reader::~envelope_reader() = default;

void envelope_reader::add_event(std::string_view json, std::string_view default_log_type) {
    spans_.push_back({text_.size(), json.size()});
    text_.append(json);
    text_.append(padding, '\0');
    events_.push_back({{}, default_log_type, {}});
}

void envelope_reader::add_view(std::string_view json, std::string_view default_log_type) {
    spans_.push_back({in_line, 0});
    events_.push_back({json, default_log_type, {}});
}

void envelope_reader::add_error(std::string error) {
    spans_.push_back({0, 0});
    events_.push_back({{}, {}, std::move(error)});
}

bool envelope_reader::unwrap(std::string_view line) {
    // A line of huge records leaves a large buffer behind; it goes back rather than stay.
    if (text_.capacity() > (4u << 20)) text_ = std::string{};
    if (events_.capacity() > (1u << 16)) {
        events_ = {};
        spans_ = {};
    }
    text_.clear();
    spans_.clear();
    events_.clear();
    error_.clear();
    if (kind_ == envelope_kind::none) {
        error_ = "no envelope kind";
        return false;
    }
    // Several envelopes may follow one another on a line: each is unwrapped in turn. The batch
    // holds the whole line, so a record is never split between batches.
    simdjson::ondemand::document_stream stream;
    // The batch must hold the whole line; a size that changes from line to line makes simdjson
    // reallocate its buffers, so it only grows, by powers of two (and is released when large).
    if (batch_size_ < line.size() || batch_size_ > (64u << 20)) batch_size_ = std::bit_ceil(std::max<size_t>(line.size(), 1 << 16));
    if (auto e = parser_->ondemand.iterate_many(line.data(), line.size(), batch_size_).get(stream)) {
        error_ = error_text(e);
        return false;
    }
    size_t count = 0;
    for (auto it = stream.begin(); it != stream.end(); ++it) {
        simdjson::ondemand::document_reference doc;
        if (auto e = (*it).get(doc)) {
            error_ = "envelope " + std::to_string(count + 1) + ": " + error_text(e);
            break;
        }
        ++count;
        simdjson::ondemand::object root;
        if (auto e = doc.get_object().get(root)) {
            error_ = "envelope " + std::to_string(count) + " is not a JSON object (" + error_text(e) + ")";
            break;
        }
        const size_t before = events_.size();
        const char* failed = nullptr;
        std::string_view log_group, log_stream, message_type;
        bool has_list = false;
        const std::string_view list_key = kind_ == envelope_kind::azure_records ? "records"
                                          : kind_ == envelope_kind::cloudtrail  ? "Records"
                                                                                : "logEvents";
        for (auto field : root) {
            std::string_view key;
            if (field.unescaped_key().get(key)) {
                failed = "a key is not valid JSON";
                break;
            }
            simdjson::ondemand::value v;
            if (field.value().get(v)) {
                failed = "a value is not valid JSON";
                break;
            }
            if (key == list_key) {
                simdjson::ondemand::array items;
                if (v.get_array().get(items)) {
                    failed = "its event list is not an array";
                    break;
                }
                has_list = true;
                size_t n = 0;
                for (auto item : items) {
                    ++n;
                    if (events_.size() >= max_events_per_line) {
                        failed = too_many_events;
                        break;
                    }
                    simdjson::ondemand::value element;
                    if (item.get(element)) {
                        failed = "an element of its event list is not valid JSON";
                        break;
                    }
                    simdjson::ondemand::json_type type;
                    if (element.type().get(type)) {
                        failed = "an element of its event list is not valid JSON";
                        break;
                    }
                    if (type != simdjson::ondemand::json_type::object) {
                        add_error(std::string(list_key) + "[" + std::to_string(n - 1) + "] is " + std::string(type_name(type)) + ", not an event object");
                        continue;
                    }
                    simdjson::ondemand::object obj;
                    (void)element.get_object().get(obj);
                    if (kind_ != envelope_kind::cloudwatch_logs) {
                        std::string_view raw;
                        if (obj.raw_json().get(raw)) {
                            failed = "an event of its list is not valid JSON";
                            break;
                        }
                        // A view into the line: what follows the record there (the rest of the line,
                        // then the line's own padding) is readable, as parsing needs.
                        add_view(raw, kind_ == envelope_kind::azure_records ? azure_log_type : cloudtrail_log_type);
                        continue;
                    }
                    // A CloudWatch log event: its message is the event's text.
                    std::string_view text;
                    bool has_message = false;
                    for (auto member : obj) {
                        std::string_view name;
                        if (member.unescaped_key().get(name)) {
                            failed = "a log event key is not valid JSON";
                            break;
                        }
                        if (name != "message") continue;
                        simdjson::ondemand::value m;
                        if (member.value().get(m) || m.get_string().get(text)) {
                            add_error("logEvents[" + std::to_string(n - 1) + "].message is not a string");
                            has_message = true;  // reported
                            text = {};
                            break;
                        }
                        has_message = true;
                        add_event(text, "");
                        break;
                    }
                    if (failed) break;
                    if (!has_message) add_error("logEvents[" + std::to_string(n - 1) + "] has no message");
                }
                if (failed) break;
            } else if (kind_ == envelope_kind::cloudwatch_logs && (key == "logGroup" || key == "logStream" || key == "messageType")) {
                std::string_view s;
                if (v.get_string().get(s)) continue;  // documented as strings; another kind is left alone
                // Unescaped into the parser's string buffer, which lives as long as this document.
                (key == "logGroup" ? log_group : key == "logStream" ? log_stream : message_type) = s;
            }
        }
        if (failed) {
            error_ = "envelope " + std::to_string(count) + ": " + failed;
            break;
        }
        if (!has_list) {
            if (kind_ == envelope_kind::cloudwatch_logs && message_type == "CONTROL_MESSAGE") continue;  // no log event in it
            error_ = "envelope " + std::to_string(count) + " has no '" + std::string(list_key) + "' list" +
                     (kind_ == envelope_kind::cloudwatch_logs ? " (not a CloudWatch Logs subscription payload)"
                      : kind_ == envelope_kind::cloudtrail    ? " (not a CloudTrail log file)"
                                                              : " (not an Azure resource-log body)");
            break;
        }
        if (kind_ == envelope_kind::cloudwatch_logs && message_type == "CONTROL_MESSAGE") {
            // CloudWatch's reachability check: its "log event" is a note, not a log.
            events_.resize(before);
            spans_.resize(before);
            continue;
        }
        if (kind_ == envelope_kind::cloudwatch_logs && is_eks_log_group(log_group)) {
            const bool audit = log_stream.substr(0, eks_audit_stream_prefix.size()) == eks_audit_stream_prefix;
            for (size_t i = before; i < events_.size(); ++i) {
                if (!events_[i].error.empty()) continue;
                if (audit) {
                    events_[i].default_log_type = eks_log_type;
                } else {
                    events_[i].error = "log stream '" + std::string(log_stream) + "' of " + std::string(log_group) +
                                       " is not an audit log stream (" + std::string(eks_audit_stream_prefix) + "-*)";
                    spans_[i] = {0, 0};
                }
            }
        }
    }
    if (error_.empty() && stream.truncated_bytes() > 0)
        error_ = "the line ends inside an envelope (its last " + std::to_string(stream.truncated_bytes()) + " bytes are not a whole JSON value)";
    if (error_.empty() && count == 0) error_ = "no envelope on the line";
    if (!error_.empty()) {
        events_.clear();
        spans_.clear();
        return false;
    }
    for (size_t i = 0; i < events_.size(); ++i)
        if (events_[i].error.empty() && spans_[i].offset != in_line)
            events_[i].text = std::string_view(text_.data() + spans_[i].offset, spans_[i].length);
    return true;
}

}  // namespace vigil::engine
