// Sets what an audit event acts on (objectRef) and the request URI the API server saw for it.
#pragma once

#include <string_view>

#include "audit_event.hpp"
#include "prng.hpp"
#include "resources.hpp"

namespace vigil::corpus {

// Call after the verb is set: list and watch requests get the query strings clients really send.
void set_target(audit_event& e, prng& rng, const resource_kind& r, std::string_view ns, std::string_view name,
                std::string_view subresource = {});

// A request without objectRef (GET /readyz, /version, API discovery).
void set_non_resource(audit_event& e, std::string_view path);

}  // namespace vigil::corpus
