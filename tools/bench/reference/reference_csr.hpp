// Hand-written simdjson On Demand evaluator of Kubernetes.ClientCertificate.Created over raw EKS/AKS/GKE events.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

namespace vigil::reference {

// The speed bar for the generic engine: the one rule, hand-coded for raw events of the three log types
// (dispatch on p_log_type, AKS properties.log parsed once with a second parser, GKE fields derived from
// protoPayload). Not thread-safe: use one instance per thread. Never throws.
class reference_csr {
public:
    // Bytes that must be readable after a line passed to matches_padded (simdjson's SIMDJSON_PADDING).
    static constexpr std::size_t padding = 64;

    reference_csr();
    ~reference_csr();
    reference_csr(const reference_csr&) = delete;
    reference_csr& operator=(const reference_csr&) = delete;

    // True when the event matches the rule; invalid JSON, or a shape without a Kubernetes view, is false.
    // Duplicate keys: the last wins (as json.loads / JSON.parse). One known difference from json.loads:
    // simdjson rejects lone UTF-16 surrogate escapes ("\ud800"), so such a line never matches.
    bool matches(std::string_view line) noexcept;

    // Same, without copying: the caller promises `padding` readable bytes after line's end (their content
    // does not matter), e.g. lines sliced from one large buffer that has padding at its end.
    bool matches_padded(std::string_view line) noexcept;

private:
    struct state;
    std::unique_ptr<state> state_;
};

}  // namespace vigil::reference
