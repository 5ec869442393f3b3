// reference_csr: dispatch on p_log_type over the one-pass facts; AKS gets a second parser for properties.log.
#include "reference_csr.hpp"

#include <cstring>
#include <vector>

#include "csr_logic.hpp"
#include "event_scan.hpp"
#include "gke_view.hpp"
#include "validate.hpp"

namespace vigil::reference {

static_assert(reference_csr::padding >= simdjson::SIMDJSON_PADDING);

namespace {

// A reusable input buffer with simdjson's padding after the copied bytes.
class padded_buffer {
public:
    std::string_view load(std::string_view text) {
        if (bytes_.size() < text.size() + simdjson::SIMDJSON_PADDING) {
            bytes_.resize(text.size() + text.size() / 2 + simdjson::SIMDJSON_PADDING);
        }
        std::memcpy(bytes_.data(), text.data(), text.size());
        return {bytes_.data(), text.size()};
    }

private:
    std::vector<char> bytes_;
};

}  // namespace

struct reference_csr::state {
    od::parser outer;  // the line
    od::parser inner;  // AKS properties.log, parsed while the outer document (and its strings) stay alive
    padded_buffer line_copy;
    padded_buffer log_copy;

    bool aks_matches(const event_facts& facts) {
        if (!facts.category.is_string("kube-audit") && !facts.category.is_string("kube-audit-admin")) return false;
        if (facts.aks_log.k != json_text::kind::string || facts.aks_log.text.empty()) return false;
        const std::string_view log = log_copy.load(facts.aks_log.text);
        od::document doc;
        if (inner.iterate(log.data(), log.size(), log.size() + simdjson::SIMDJSON_PADDING).get(doc)) return false;
        k8s_view view;
        if (scan_audit_event(doc, view)) return false;
        return csr_rule_matches(view) && validate_document(doc) == simdjson::SUCCESS;
    }

    bool evaluate(std::string_view padded_line) {
        od::document doc;
        if (outer.iterate(padded_line.data(), padded_line.size(), padded_line.size() + simdjson::SIMDJSON_PADDING)
                .get(doc)) {
            return false;
        }
        event_facts facts;
        if (scan_event(doc, facts)) return false;
        bool matched = false;
        if (facts.log_type.is_string("Amazon.EKS.Audit")) {
            matched = csr_rule_matches(facts.eks);
        } else if (facts.log_type.is_string("Azure.MonitorActivity")) {
            matched = aks_matches(facts);
        } else if (facts.log_type.is_string("GCP.AuditLog")) {
            matched = facts.gke.service_name.is_string("k8s.io") && csr_rule_matches(gke_view(facts.gke));
        }
        // The scan skipped most of the line unchecked, but an invalid line must not match (json.loads would
        // reject it). Matches are rare, so validating only them costs nothing measurable.
        return matched && validate_document(doc) == simdjson::SUCCESS;
    }
};

reference_csr::reference_csr() : state_(std::make_unique<state>()) {}
reference_csr::~reference_csr() = default;

bool reference_csr::matches(std::string_view line) noexcept {
    try {
        return state_->evaluate(state_->line_copy.load(line));
    } catch (...) {  // only allocation failure can get here
        return false;
    }
}

bool reference_csr::matches_padded(std::string_view line) noexcept {
    try {
        return state_->evaluate(line);
    } catch (...) {
        return false;
    }
}

}  // namespace vigil::reference
