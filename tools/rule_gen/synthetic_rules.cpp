// Synthetic rules shaped like a detection catalog's Kubernetes section: a verb on a sensitive resource,
// narrowed by one more constraint (namespace, actor kind, client tool, failure, decision, ...).
#include "synthetic_rules.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

namespace vigil::rule_gen {

namespace {

// Write verbs dominate real catalogs; reads appear for secrets-style resources.
const std::vector<std::string> verbs = {"create", "delete", "patch", "update", "deletecollection", "get", "list", "create",
                                        "delete", "patch"};
const std::vector<std::string> resources = {
    "secrets", "configmaps", "pods", "serviceaccounts", "roles", "rolebindings", "clusterroles", "clusterrolebindings",
    "deployments", "daemonsets", "statefulsets", "cronjobs", "jobs", "namespaces", "nodes", "persistentvolumes",
    "networkpolicies", "mutatingwebhookconfigurations", "validatingwebhookconfigurations", "customresourcedefinitions",
    "ingresses", "services", "endpoints", "tokenreviews", "subjectaccessreviews", "podsecuritypolicies", "priorityclasses",
    "replicasets", "horizontalpodautoscalers", "poddisruptionbudgets", "storageclasses", "apiservices"};
const std::vector<std::string> extras = {
    "namespace eq \"kube-system\"",
    "namespace eq \"default\"",
    "namespace in [\"production\", \"prod\", \"payments\"]",
    "namespace starts_with \"kube-\"",
    "username starts_with \"system:serviceaccount:\"",
    "username is_not_null and username not starts_with \"system:\"",
    "userAgent contains \"curl\"",
    "userAgent icontains \"python-requests\"",
    "userAgent contains \"Go-http-client\"",
    "responseStatus.code ge 400",
    "annotations.\"authorization.k8s.io/decision\" eq \"forbid\"",
    "sourceIPs[0] matches \"^(203\\\\.0\\\\.113|198\\\\.51\\\\.100)\\\\.\"",
    "requestObject.spec.template.spec.hostNetwork eq true",
    "requestObject.spec.containers[0].securityContext.privileged eq true",
    "subresource eq \"exec\"",
    "subresource in [\"attach\", \"portforward\", \"proxy\"]",
    "name contains \"admin\"",
    "name ends_with \"-backup\"",
    "username in [\"kubernetes-admin\", \"admin\", \"root\"]",
    "len(sourceIPs) gt 1",
};
const std::vector<std::string> severities = {"Low", "Medium", "High", "Medium", "Critical", "Info"};

}  // namespace

std::string synthetic_rule(size_t index) {
    // Mixed radix over (extra, resource, verb) so that neighbouring indexes differ in the constraint.
    size_t e = index % extras.size();
    size_t r = (index / extras.size()) % resources.size();
    size_t v = (index / (extras.size() * resources.size())) % verbs.size();
    size_t round = index / (extras.size() * resources.size() * verbs.size());
    char id[64];
    std::snprintf(id, sizeof id, "Synthetic.K8s.%05zu", index);
    std::string out;
    out += "AnalysisType: rule\n";
    out += "RuleID: " + std::string(id) + "\n";
    out += "DisplayName: \"Synthetic: " + verbs[v] + " " + resources[r] + " (" + std::to_string(e) + ")\"\n";
    out += "Enabled: true\n";
    out += "LogTypes: [Amazon.EKS.Audit, Azure.MonitorActivity, GCP.AuditLog]\n";
    out += "Severity: " + severities[index % severities.size()] + "\n";
    out += "Tags: [Kubernetes, Synthetic]\n";
    out += "DedupPeriodMinutes: 60\n";
    out += "Condition:\n";
    out += "  - verb eq \"" + verbs[v] + "\" and resource eq \"" + resources[r] + "\"\n";
    out += "  - '" + extras[e] + "'\n";
    if (round > 0) out += "  - len(coalesce(name, \"\")) ge " + std::to_string(round) + "\n";
    out += "AlertTitle: '[{coalesce(username, \"<UNKNOWN_USER>\")}] " + verbs[v] + " " + resources[r] +
           " [{coalesce(name, \"<UNKNOWN>\")}]'\n";
    out += "Dedup: '" + std::string(id) + "_{coalesce(username, \"<UNKNOWN_USER>\")}'\n";
    out += "AlertContext:\n  username: username\n  verb: verb\n  resource: resource\n  namespace: namespace\n"
           "  name: name\n  sourceIPs: sourceIPs\n  cluster: p_source_label\n";
    return out;
}

bool write_synthetic_rules(const std::string& dir, size_t count, std::string& error) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        error = dir + ": " + ec.message();
        return false;
    }
    for (size_t i = 0; i < count; ++i) {
        char name[64];
        std::snprintf(name, sizeof name, "/synthetic_%05zu.yml", i);
        std::ofstream f(dir + name);
        f << synthetic_rule(i);
        if (!f) {
            error = dir + name + ": write failed";
            return false;
        }
    }
    return true;
}

}  // namespace vigil::rule_gen
