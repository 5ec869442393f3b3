// Envelope unwrapping: real export shapes hold the events they should, byte-exact, with the right
// default log type; malformed envelopes are refused whole, odd elements reported one by one.
#include "engine/envelope.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using vigil::engine::envelope_kind;
using vigil::engine::envelope_reader;

namespace {

// An AKS kube-audit record as Azure Monitor diagnostic settings write it (properties.log is the audit
// event as a string), from schemas/aks_audit.yml's tests; and one with properties.log as an object,
// as some exports carry it. Shape: Azure Monitor resource-log schema, category kube-audit.
const std::string aks_record =
    R"({"category":"kube-audit","operationName":"Microsoft.ContainerService/managedClusters/diagnosticLogs/Read","properties":{"log":"{\"kind\":\"Event\",\"verb\":\"create\",\"user\":{\"username\":\"bob@contoso.com\"},\"objectRef\":{\"resource\":\"certificatesigningrequests\",\"name\":\"bob-csr\"}}","pod":"kube-apiserver-1","stream":"stdout"},"resourceId":"/SUBSCRIPTIONS/00000000/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/AKS-LAB","time":"2026-03-02T15:00:00.200000Z"})";
const std::string aks_record_object_log =
    R"({"category":"kube-audit-admin","properties":{"containerID":"aaaa1111","log":{"kind":"Event","verb":"patch","objectRef":{"resource":"deployments"}}},"time":"2026-03-02T12:00:00.131355367Z", "n": 1.50})";

// An EKS audit event as the kube-apiserver writes it (audit.k8s.io/v1 Event), which CloudWatch
// Logs carries as the message of a log event of stream kube-apiserver-audit-<id>.
const std::string eks_event =
    R"({"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"4e3f6c1a","stage":"ResponseComplete","requestURI":"/apis/certificates.k8s.io/v1/certificatesigningrequests","verb":"create","user":{"username":"kubernetes-admin","groups":["system:masters"]},"objectRef":{"resource":"certificatesigningrequests","name":"x"}})";

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// A CloudWatch Logs subscription payload, as documented ("Using CloudWatch Logs subscription
// filters", example data; the same fields in Lambda Powertools' CloudWatchLogsEvent schema).
std::string cloudwatch(const std::string& group, const std::string& stream, const std::vector<std::string>& messages,
                       const std::string& type = "DATA_MESSAGE") {
    std::string out = R"({"messageType":")" + type + R"(","owner":"123456789012","logGroup":")" + group + R"(","logStream":")" + stream +
                      R"(","subscriptionFilters":["vigil"],"logEvents":[)";
    for (size_t i = 0; i < messages.size(); ++i) {
        if (i) out += ",";
        out += R"({"id":"3195310660696698337880902507980421114328961542429822156)" + std::to_string(i) +
               R"(","timestamp":1432826855000,"message":)" + json_string(messages[i]) + "}";
    }
    return out + "]}";
}

struct unwrapped {
    bool ok = false;
    std::string error;
    std::vector<std::string> texts;  // "!" + error for an element that is no event
    std::vector<std::string> log_types;
};

unwrapped unwrap(envelope_kind kind, const std::string& line) {
    envelope_reader reader(kind);
    const std::string padded = line + std::string(64, '\0');
    unwrapped u;
    u.ok = reader.unwrap(std::string_view(padded.data(), line.size()));
    u.error = reader.error();
    for (const auto& e : reader.events()) {
        if (!e.error.empty()) {
            CHECK(e.text.empty());
            u.texts.push_back("!" + e.error);
        } else {
            // 64 readable bytes follow, as parsing needs: a record is viewed in the (padded) line, a
            // CloudWatch message is a copy followed by zeroed padding.
            const bool in_line = e.text.data() >= padded.data() && e.text.data() + e.text.size() + 64 <= padded.data() + padded.size();
            CHECK((in_line || e.text.data()[e.text.size()] == '\0'));
            CHECK(in_line == (kind != envelope_kind::cloudwatch_logs));
            u.texts.emplace_back(e.text);
        }
        u.log_types.emplace_back(e.default_log_type);
    }
    return u;
}

}  // namespace

TEST_CASE("envelope names", "[engine][envelope]") {
    CHECK(vigil::engine::envelope_named("azure-records") == envelope_kind::azure_records);
    CHECK(vigil::engine::envelope_named("cloudwatch-logs") == envelope_kind::cloudwatch_logs);
    CHECK(vigil::engine::envelope_named("cloudtrail") == envelope_kind::cloudtrail);
    CHECK(vigil::engine::envelope_named("none") == envelope_kind::none);
    CHECK_FALSE(vigil::engine::envelope_named("records").has_value());
    CHECK(vigil::engine::envelope_names().size() == 4);
}

TEST_CASE("envelopes of real exports unwrap into their events, byte-exact", "[engine][envelope]") {
    struct row {
        const char* what;
        envelope_kind kind;
        std::string line;
        std::vector<std::string> texts;
        std::vector<std::string> log_types;
    };
    const std::string trail_a = R"({"eventVersion":"1.08","eventSource":"iam.amazonaws.com","eventName":"CreateUser"})";
    const std::string trail_b = R"({"eventVersion":"1.08","eventSource":"s3.amazonaws.com","eventName":"GetObject", "x" : [ 1, {"y":null} ] })";
    const std::vector<row> rows = {
        {"Azure records (Event Hubs body): each record as written, numbers and blanks included", envelope_kind::azure_records,
         R"({"records": [)" + aks_record + ",\n " + aks_record_object_log + "]}",
         {aks_record, aks_record_object_log},
         {"Azure.MonitorActivity", "Azure.MonitorActivity"}},
        {"Azure records, empty list", envelope_kind::azure_records, R"({"records":[]})", {}, {}},
        {"CloudWatch payload of an EKS audit stream: messages unescaped, Amazon.EKS.Audit", envelope_kind::cloudwatch_logs,
         cloudwatch("/aws/eks/prod-euw1/cluster", "kube-apiserver-audit-0123456789abcdef0123456789abcdef", {eks_event, eks_event}),
         {eks_event, eks_event},
         {"Amazon.EKS.Audit", "Amazon.EKS.Audit"}},
        {"CloudWatch payload of another log group: events without a default log type", envelope_kind::cloudwatch_logs,
         cloudwatch("/custom/k8s-audit", "node-1", {eks_event}), {eks_event}, {""}},
        {"a log group only shaped like EKS's (/aws/eks/<cluster>/cluster exactly) says nothing either", envelope_kind::cloudwatch_logs,
         cloudwatch("/aws/eks/lab/cluster/extra", "kube-apiserver-audit-1", {eks_event}) +
             cloudwatch("/aws/eks//cluster", "kube-apiserver-audit-1", {eks_event}),
         {eks_event, eks_event},
         {"", ""}},
        {"CloudWatch payload of an EKS authenticator stream: not audit events", envelope_kind::cloudwatch_logs,
         cloudwatch("/aws/eks/prod-euw1/cluster", "authenticator-0123456789abcdef", {"time=\"2026-03-02T15:00:00Z\" level=info msg=\"access granted\""}),
         {"!log stream 'authenticator-0123456789abcdef' of /aws/eks/prod-euw1/cluster is not an audit log stream (kube-apiserver-audit-*)"},
         {""}},
        {"CloudWatch control message: no log event", envelope_kind::cloudwatch_logs,
         cloudwatch("", "", {"CWL CONTROL MESSAGE: Checking health of destination Firehose."}, "CONTROL_MESSAGE"), {}, {}},
        {"CloudTrail log file", envelope_kind::cloudtrail, R"({"Records":[)" + trail_a + "," + trail_b + "]}", {trail_a, trail_b},
         {"AWS.CloudTrail", "AWS.CloudTrail"}},
        {"Firehose: CloudWatch payloads concatenated on one line", envelope_kind::cloudwatch_logs,
         cloudwatch("/aws/eks/a/cluster", "kube-apiserver-audit-1", {eks_event}) + cloudwatch("/aws/eks/b/cluster", "kube-apiserver-audit-2", {eks_event}),
         {eks_event, eks_event},
         {"Amazon.EKS.Audit", "Amazon.EKS.Audit"}},
        {"records that are not objects are reported one by one, the others kept", envelope_kind::azure_records,
         R"({"records":[)" + aks_record + R"(,"text",null,[1]]})",
         {aks_record, "!records[1] is a string, not an event object", "!records[2] is null, not an event object", "!records[3] is an array, not an event object"},
         {"Azure.MonitorActivity", "", "", ""}},
        {"a record with invalid JSON inside is cut out as it is: judging it reports it, with its position",
         envelope_kind::azure_records, R"({"records": [{"a":1}]}{"records": [{"b":tru}]})", {R"({"a":1})", R"({"b":tru})"},
         {"Azure.MonitorActivity", "Azure.MonitorActivity"}},
        {"log events without a message, or with a non-string one", envelope_kind::cloudwatch_logs,
         R"({"logGroup":"g","logEvents":[{"id":"1","timestamp":1},{"id":"2","message":{"a":1}}]})",
         {"!logEvents[0] has no message", "!logEvents[1].message is not a string"},
         {"", ""}},
    };
    for (const auto& r : rows) {
        INFO(r.what);
        auto u = unwrap(r.kind, r.line);
        REQUIRE(u.ok);
        CHECK(u.error.empty());
        CHECK(u.texts == r.texts);
        CHECK(u.log_types == r.log_types);
    }
}

TEST_CASE("a line that is not an envelope of the kind is refused whole, with the reason", "[engine][envelope]") {
    struct row {
        envelope_kind kind;
        std::string line;
        std::string error_part;
    };
    const std::vector<row> rows = {
        {envelope_kind::azure_records, R"({"records": [{"a":1}, {"b":)", "ends inside an envelope"},
        {envelope_kind::azure_records, R"({"records": {"a":1}})", "not an array"},
        {envelope_kind::azure_records, R"({"Records": [{"a":1}]})", "no 'records' list (not an Azure resource-log body)"},
        {envelope_kind::cloudtrail, R"({"records": [{"a":1}]})", "no 'Records' list (not a CloudTrail log file)"},
        {envelope_kind::cloudwatch_logs, aks_record, "no 'logEvents' list (not a CloudWatch Logs subscription payload)"},
        {envelope_kind::azure_records, R"([{"a":1}])", "is not a JSON object"},
        {envelope_kind::azure_records, R"({"records": [{"a":1}]}{"records": [{"b":2} {"c":3}]})", "envelope 2"},
        {envelope_kind::azure_records, R"({"records": [{"a":1}]} {"records": [{"b":2})", "ends inside an envelope"},
        {envelope_kind::azure_records, "not json", ""},
        {envelope_kind::azure_records, std::string(100000, '[') + std::string(100000, ']'), ""},
        {envelope_kind::cloudwatch_logs, R"({"logEvents":[{"message":"a"}],"logGroup":)", ""},
    };
    for (const auto& r : rows) {
        INFO(r.line.substr(0, 200));
        auto u = unwrap(r.kind, r.line);
        CHECK_FALSE(u.ok);
        CHECK(u.texts.empty());
        CHECK_FALSE(u.error.empty());
        CHECK(u.error.find(r.error_part) != std::string::npos);
    }
}

TEST_CASE("a line of more events than the reader holds is refused whole, with the reason", "[engine][envelope]") {
    std::string line = R"({"records":[)";
    for (size_t i = 0; i <= envelope_reader::max_events_per_line; ++i) line += i ? ",1" : "1";
    line += "]}";
    auto u = unwrap(envelope_kind::azure_records, line);
    CHECK_FALSE(u.ok);
    CHECK(u.texts.empty());
    CHECK(u.error.find("more than 1,000,000 events") != std::string::npos);
}

TEST_CASE("the reader is reusable: each line's events replace the last line's", "[engine][envelope]") {
    envelope_reader reader(envelope_kind::azure_records);
    const std::string big = R"({"records":[)" + aks_record + "]}" + std::string(64, '\0');
    const std::string bad = R"({"records":[1)" + std::string(64, '\0');
    for (int i = 0; i < 3; ++i) {
        REQUIRE(reader.unwrap(std::string_view(big.data(), big.size() - 64)));
        REQUIRE(reader.events().size() == 1);
        CHECK(reader.events()[0].text == aks_record);
        CHECK_FALSE(reader.unwrap(std::string_view(bad.data(), bad.size() - 64)));
        CHECK(reader.events().empty());
    }
}
