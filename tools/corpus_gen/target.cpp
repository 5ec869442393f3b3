// objectRef and requestURI for an event.
#include "target.hpp"

#include <string>

#include "json_out.hpp"

namespace vigil::corpus {

void set_target(audit_event& e, prng& rng, const resource_kind& r, std::string_view ns, std::string_view name,
                std::string_view subresource) {
    e.has_object_ref = true;
    e.resource = r.resource;
    e.subresource = subresource;
    e.api_group = r.group;
    e.api_version = r.version;
    e.gke_method_prefix = r.gke_prefix;
    e.object_namespace.assign(r.namespaced ? ns : std::string_view{});
    e.object_name.assign(name);

    auto& uri = e.request_uri;
    if (r.group.empty()) {
        uri.append("/api/").append(r.version);
    } else {
        uri.append("/apis/").append(r.group).append("/").append(r.version);
    }
    if (r.namespaced && !ns.empty()) uri.append("/namespaces/").append(ns);
    uri.append("/").append(r.resource);
    // A create is POSTed to the collection; the name only comes from the body.
    const bool collection_post = e.verb == "create" && subresource.empty();
    if (!name.empty() && !collection_post) uri.append("/").append(name);
    if (!subresource.empty()) uri.append("/").append(subresource);

    json_out o(uri);
    if (e.verb == "watch") {
        const std::uint32_t timeout = rng.between(300, 599);
        o.raw("?allowWatchBookmarks=true&resourceVersion=").u64(18000000 + rng.below(9000000));
        o.raw("&timeout=").u64(timeout / 60).ch('m').u64(timeout % 60).raw("s&timeoutSeconds=").u64(timeout);
        o.raw("&watch=true");
    } else if (e.verb == "list") {
        if (rng.chance(0.5)) {
            o.raw("?limit=500&resourceVersion=0");
        } else {
            o.raw("?resourceVersion=").u64(18000000 + rng.below(9000000));
        }
    }
}

void set_non_resource(audit_event& e, std::string_view path) {
    e.has_object_ref = false;
    e.request_uri.assign(path);
}

}  // namespace vigil::corpus
