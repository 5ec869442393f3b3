// Export envelopes: records that hold many events (Azure resource-log bodies, CloudWatch Logs
// subscription payloads, CloudTrail log files), unwrapped into the events they hold.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::engine {

// The shapes, as the clouds document them:
// - azure_records: `{"records": [EVENT, ...]}`, the body Azure Monitor diagnostic settings send to
//   Event Hubs and write to storage accounts ("Stream Azure monitoring data to an event hub";
//   AKS kube-audit/kube-audit-admin records).
// - cloudwatch_logs: `{"messageType", "owner", "logGroup", "logStream", "subscriptionFilters",
//   "logEvents": [{"id", "timestamp", "message"}, ...]}`, a CloudWatch Logs subscription filter's
//   payload (gzip, and base64 in Lambda/Kinesis); each message is one log event's text (for the EKS
//   audit log group, the audit event as JSON text). "CONTROL_MESSAGE" payloads (CloudWatch checking
//   that the destination is reachable) hold no log event.
// - cloudtrail: `{"Records": [EVENT, ...]}`, a CloudTrail log file as delivered to S3.
// A line may hold several envelopes one after the other (`{...}{...}`, as Kinesis Data Firehose
// concatenates CloudWatch payloads in one S3 object).
enum class envelope_kind { none, azure_records, cloudwatch_logs, cloudtrail };

// The kind for a command-line name ("none", "azure-records", "cloudwatch-logs", "cloudtrail");
// nullopt for any other name.
std::optional<envelope_kind> envelope_named(std::string_view name);
// The names envelope_named() accepts, for help text and messages.
const std::vector<std::string_view>& envelope_names();

class envelope_reader {
public:
    struct event {
        // The event's JSON text, followed by at least 64 readable bytes (parsing needs them): a view
        // into the line for a record, a copy for a CloudWatch message; valid until the next unwrap()
        // and while the line is. Empty when `error` is set.
        std::string_view text;
        // The log type for the event when it has no p_log_type of its own, from the envelope: Azure
        // records are Azure.MonitorActivity, CloudTrail records AWS.CloudTrail, and a CloudWatch
        // payload of an EKS cluster's audit log stream Amazon.EKS.Audit; empty when it says nothing.
        std::string_view default_log_type;
        // Why this element is not an event (a record that is not an object, a log event without
        // a message, a message of a non-audit EKS control-plane stream); empty for an event.
        std::string error;
    };

    explicit envelope_reader(envelope_kind kind);
    ~envelope_reader();
    envelope_reader(const envelope_reader&) = delete;
    envelope_reader& operator=(const envelope_reader&) = delete;

    // Unwraps `line`, which must be followed by at least 64 readable bytes. False when the line is
    // not an envelope of this kind (invalid JSON, another shape, a truncated last envelope): error()
    // says why and no event of the line is returned, so that nothing is judged from half a record.
    // At most 1,000,000 events per line (each costs about 80 bytes here while the line is judged):
    // a line with more is refused, with that reason.
    static constexpr size_t max_events_per_line = 1000000;
    bool unwrap(std::string_view line);
    const std::vector<event>& events() const { return events_; }  // in order; the origin index is position + 1
    const std::string& error() const { return error_; }
    // Bytes held between lines (the copies of the last line's events): released when large.
    size_t held_bytes() const { return text_.capacity(); }

private:
    struct parser;
    bool unwrap_one(std::string_view envelope);
    void add_event(std::string_view json, std::string_view default_log_type);  // copied (an unescaped message)
    void add_view(std::string_view json, std::string_view default_log_type);   // a record, viewed in the line
    void add_error(std::string error);

    envelope_kind kind_;
    std::unique_ptr<parser> parser_;
    std::string text_;  // the events' texts, each followed by padding
    struct span {
        size_t offset, length;
    };
    std::vector<span> spans_;  // per event, into text_ (resolved into events_ once the line is done)
    static constexpr size_t in_line = SIZE_MAX;  // span offset of an event viewed in the line itself
    size_t batch_size_ = 0;    // simdjson's document-stream batch, grown to hold the longest line
    std::vector<event> events_;
    std::string error_;
};

}  // namespace vigil::engine
