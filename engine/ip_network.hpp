// IPv4 and IPv6 addresses and networks (CIDR), for `in_cidr` and is_private_ip().
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace vigil::engine {

// Every address as 16 bytes: IPv4 as its IPv4-mapped IPv6 form (::ffff:a.b.c.d, RFC 4291 2.5.5.2),
// so an IPv4 network also holds the mapped spelling of its addresses, as the issue's
// `::ffff:10.0.0.1` case asks.
struct ip_address {
    std::array<uint8_t, 16> bytes{};
};

struct ip_network {
    ip_address base;  // host bits cleared
    int prefix = 0;   // 0..128, over the 16-byte form
};

// "10.1.2.3", "2001:db8::1", "::ffff:10.0.0.1"; nullopt for anything else (zone ids, ports, spaces).
std::optional<ip_address> parse_ip(std::string_view text);
// "10.0.0.0/8", "fd00::/8", or a bare address (a /32 or /128); host bits may be set. nullopt when
// malformed or the prefix is out of range for the family.
std::optional<ip_network> parse_cidr(std::string_view text);
bool network_contains(const ip_network& net, const ip_address& ip);
// RFC 1918, loopback, link-local, CGNAT (RFC 6598), IPv6 ULA, loopback and link-local, and the
// IPv4-mapped forms of the IPv4 ones.
bool is_private_address(const ip_address& ip);

}  // namespace vigil::engine
