// The seed test: the seed page's five "Condition" lines, verbatim, as one rule with no data model, decide
// the seed's nine test cases on hand-normalised copies of their events exactly as ExpectedResult says.
#include "engine_test_support.hpp"

#include "engine/test_runner.hpp"

#include <catch2/catch.hpp>

namespace {

// Copied character for character from seed/k8s_client_certificate_created.page.txt, "Condition".
const char* const seed_conditions[] = {
    R"(not (verb ne "create" or resource ne "certificatesigningrequests"))",
    R"(not (responseStatus is_not_null and (responseStatus.code ge "400" or (responseStatus.code ge "1" and responseStatus.code le "16"))))",
    R"(not (username is_not_null and (username in ["masterclient", "aksService"] or (username starts_with "system:" and username not contains "serviceaccount"))))",
    R"(username ne "kubelet-nodepool-bootstrap")",
    R"(requestObject.spec.usages contains "client auth" or requestObject.spec.signerName contains "kubernetes.io/kube-apiserver-client")",
};

struct seed_case {
    const char* name;           // the seed test's Name
    bool expected;              // its ExpectedResult
    int failing_condition;      // which seed line rejects it (-1 when it matches)
    const char* normalised;     // its Log as the EKS/AKS/GKE data model would present it (logtypes.md)
};

// Fields a data model leaves null are simply absent. Raw fields (p_source_label) are kept as they are.
const seed_case seed_cases[] = {
    {"EKS client certificate CSR created", true, -1,
     R"({"p_log_type": "Test.Normalised", "p_source_label": "eks-cluster",
         "verb": "create", "resource": "certificatesigningrequests", "name": "malicious-csr",
         "apiVersion": "certificates.k8s.io/v1", "username": "attacker@example.com",
         "sourceIPs": ["203.0.113.42"], "userAgent": "kubectl/v1.28.0", "responseStatus": {"code": 201},
         "requestObject": {"apiVersion": "certificates.k8s.io/v1", "kind": "CertificateSigningRequest",
                           "metadata": {"name": "malicious-csr"},
                           "spec": {"groups": ["system:authenticated"], "request": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0=",
                                    "signerName": "kubernetes.io/kube-apiserver-client", "usages": ["client auth"]}}})"},
    // AKS: the fields come out of the JSON string in properties.log.
    {"AKS client certificate CSR created", true, -1,
     R"({"p_log_type": "Test.Normalised", "p_source_label": "aks-cluster",
         "verb": "create", "resource": "certificatesigningrequests", "name": "backdoor-cert",
         "apiVersion": "certificates.k8s.io/v1", "username": "persistence-user@example.com", "sourceIPs": ["1.2.3.4"],
         "responseStatus": {"code": 201},
         "requestObject": {"spec": {"signerName": "kubernetes.io/kube-apiserver-client", "usages": ["client auth"]}}})"},
    // GKE: verb from methodName, coordinates from resourceName, no protoPayload.status (so no responseStatus).
    {"GKE client certificate CSR created", true, -1,
     R"({"p_log_type": "Test.Normalised", "p_source_label": "gke-cluster",
         "verb": "create", "resource": "certificatesigningrequests", "name": "persistence-csr", "namespace": "",
         "apiGroup": "certificates.k8s.io", "apiVersion": "v1", "username": "user@company.com", "sourceIPs": ["8.8.8.8"],
         "requestURI": "/apis/certificates.k8s.io/v1/certificatesigningrequests/persistence-csr",
         "requestObject": {"spec": {"signerName": "kubernetes.io/kube-apiserver-client", "usages": ["client auth"],
                                    "groups": ["system:authenticated"]}}})"},
    {"Service account creating certificate (higher severity)", true, -1,
     R"({"p_log_type": "Test.Normalised",
         "verb": "create", "resource": "certificatesigningrequests", "name": "sa-cert",
         "username": "system:serviceaccount:default:compromised-sa", "responseStatus": {"code": 201},
         "requestObject": {"spec": {"signerName": "kubernetes.io/kube-apiserver-client", "usages": ["client auth"]}}})"},
    {"System principal creating certificate (excluded)", false, 2,
     R"({"p_log_type": "Test.Normalised",
         "verb": "create", "resource": "certificatesigningrequests", "name": "system-cert",
         "username": "system:kube-controller-manager", "responseStatus": {"code": 201},
         "requestObject": {"spec": {"signerName": "kubernetes.io/kube-apiserver-client", "usages": ["client auth"]}}})"},
    {"AKS node bootstrap CSR (excluded)", false, 3,
     R"({"p_log_type": "Test.Normalised", "p_source_label": "aks-cluster",
         "verb": "create", "resource": "certificatesigningrequests", "name": "node-csr-abc123",
         "apiVersion": "certificates.k8s.io/v1", "username": "kubelet-nodepool-bootstrap", "sourceIPs": ["10.0.1.5"],
         "responseStatus": {"code": 201},
         "requestObject": {"spec": {"signerName": "kubernetes.io/kube-apiserver-client-kubelet", "usages": ["client auth"]}}})"},
    {"Failed CSR creation (excluded)", false, 1,
     R"({"p_log_type": "Test.Normalised",
         "verb": "create", "resource": "certificatesigningrequests", "name": "failed-csr",
         "username": "attacker@example.com", "responseStatus": {"code": 403},
         "requestObject": {"spec": {"signerName": "kubernetes.io/kube-apiserver-client", "usages": ["client auth"]}}})"},
    {"Server auth certificate (not client auth)", false, 4,
     R"({"p_log_type": "Test.Normalised",
         "verb": "create", "resource": "certificatesigningrequests", "name": "server-cert",
         "username": "admin@example.com", "responseStatus": {"code": 201},
         "requestObject": {"spec": {"signerName": "kubernetes.io/kubelet-serving", "usages": ["server auth"]}}})"},
    {"Get CSR (not creation)", false, 0,
     R"({"p_log_type": "Test.Normalised",
         "verb": "get", "resource": "certificatesigningrequests", "name": "existing-csr",
         "username": "admin@example.com", "responseStatus": {"code": 200}})"},
};

std::string single_line(std::string s) {
    for (auto& c : s)
        if (c == '\n') c = ' ';
    return s;
}

// The rule: the five lines as a list Condition (plain YAML scalars, so the text is exactly the line),
// and the nine cases as its embedded tests.
std::string seed_rule_yaml() {
    std::string y =
        "AnalysisType: rule\n"
        "RuleID: Seed.Conditions\n"
        "LogTypes: [Test.Normalised]\n"
        "Severity: Info\n"
        "Condition:\n";
    for (const char* c : seed_conditions) y += std::string("  - ") + c + "\n";
    y += "Tests:\n";
    for (const auto& t : seed_cases) {
        y += std::string("  - Name: \"") + t.name + "\"\n";
        y += std::string("    ExpectedResult: ") + (t.expected ? "true" : "false") + "\n";
        y += "    Log: '" + single_line(t.normalised) + "'\n";
    }
    return y;
}

}  // namespace

TEST_CASE("seed: the five Condition lines, verbatim, decide the nine seed tests on normalised events", "[engine][seed]") {
    auto rs = vigil::engine_test::load_ruleset({seed_rule_yaml()});
    REQUIRE(rs->rules().size() == 1);
    const auto& rule = rs->rules()[0];
    // The loaded conditions are the seed's lines, character for character.
    REQUIRE(rule.spec->conditions.size() == std::size(seed_conditions));
    for (size_t i = 0; i < std::size(seed_conditions); ++i) CHECK(rule.spec->conditions[i].text == seed_conditions[i]);
    CHECK(rule.variants.at(0).model == nullptr);

    size_t true_cases = 0;
    for (const auto& t : seed_cases) {
        INFO("seed test: " << t.name);
        auto r = vigil::engine_test::run_rule(*rs, "Seed.Conditions", "Test.Normalised", t.normalised);
        CHECK(r.decided.matched == t.expected);
        CHECK(r.decided.failed_condition == t.failing_condition);
        CHECK(r.decided.exclusion == -1);
        CHECK(r.read_errors.empty());
        true_cases += t.expected ? 1 : 0;
    }
    CHECK(true_cases == 4);
    CHECK(std::size(seed_cases) == 9);

    // The same cases through the embedded-test runner (what `ruletest` does).
    auto report = vigil::engine::run_rule_tests(*rs, rule);
    REQUIRE(report.tests.size() == 9);
    for (const auto& o : report.tests) {
        INFO(o.name << ": " << o.reason);
        CHECK(o.passed);
    }
}
