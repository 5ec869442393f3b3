// Network functions (the `in_cidr` operator is in the evaluator, with its networks parsed at load).
#include "engine/function_registry.hpp"
#include "engine/ip_network.hpp"

namespace vigil::engine {

namespace {

value is_private_ip(const call_args& a) {
    value s = a[0];
    if (s.type() != value_type::string) return value::of_bool(false);
    auto ip = parse_ip(s.as_string());
    return value::of_bool(ip && is_private_address(*ip));
}

const function_entry entries[] = {
    {.name = "is_private_ip", .family = "net", .min_args = 1, .max_args = 1, .arg_kinds = {k_any, k_any, k_any}, .result = k_bool,
     .signature = "is_private_ip(ip)",
     .doc = "true for RFC 1918, loopback, link-local, CGNAT (100.64/10), IPv6 ULA, loopback and link-local addresses, and the "
            "IPv4-mapped IPv6 form of the IPv4 ones; false for other and malformed addresses",
     .impl = is_private_ip},
};

}  // namespace

std::span<const function_entry> net_functions() { return entries; }

}  // namespace vigil::engine
