// Address and network parsing on top of inet_pton, and prefix matching over 16-byte addresses.
#include "engine/ip_network.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace vigil::engine {

namespace {

// inet_pton needs a NUL-terminated string; the longest textual IPv6 address is 45 characters.
bool copy_bounded(std::string_view text, char (&buf)[64]) {
    if (text.empty() || text.size() >= sizeof buf) return false;
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    return true;
}

bool is_v4_text(std::string_view text) { return text.find(':') == std::string_view::npos; }

}  // namespace

std::optional<ip_address> parse_ip(std::string_view text) {
    char buf[64];
    if (!copy_bounded(text, buf)) return std::nullopt;
    ip_address out;
    if (is_v4_text(text)) {
        uint8_t v4[4];
        if (inet_pton(AF_INET, buf, v4) != 1) return std::nullopt;
        out.bytes[10] = out.bytes[11] = 0xff;
        std::memcpy(out.bytes.data() + 12, v4, 4);
        return out;
    }
    if (inet_pton(AF_INET6, buf, out.bytes.data()) != 1) return std::nullopt;
    return out;
}

std::optional<ip_network> parse_cidr(std::string_view text) {
    size_t slash = text.find('/');
    auto ip = parse_ip(text.substr(0, slash));
    if (!ip) return std::nullopt;
    const bool v4 = is_v4_text(text.substr(0, slash));
    int prefix = v4 ? 32 : 128;
    if (slash != std::string_view::npos) {
        std::string_view p = text.substr(slash + 1);
        auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), prefix);
        if (p.empty() || ec != std::errc() || end != p.data() + p.size() || prefix < 0 || prefix > (v4 ? 32 : 128))
            return std::nullopt;
    }
    ip_network net;
    net.prefix = v4 ? 96 + prefix : prefix;
    net.base = *ip;
    for (int bit = net.prefix; bit < 128; ++bit) net.base.bytes[bit / 8] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
    return net;
}

bool network_contains(const ip_network& net, const ip_address& ip) {
    int full = net.prefix / 8, rest = net.prefix % 8;
    if (std::memcmp(net.base.bytes.data(), ip.bytes.data(), static_cast<size_t>(full)) != 0) return false;
    if (rest == 0) return true;
    auto mask = static_cast<uint8_t>(0xff00u >> rest);
    return (ip.bytes[full] & mask) == net.base.bytes[full];
}

bool is_private_address(const ip_address& ip) {
    static const ip_network* const ranges = [] {
        static ip_network r[9];
        const char* texts[] = {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16",
                               "100.64.0.0/10", "::1/128", "fc00::/7", "fe80::/10"};
        for (int i = 0; i < 9; ++i) r[i] = *parse_cidr(texts[i]);
        return r;
    }();
    for (int i = 0; i < 9; ++i)
        if (network_contains(ranges[i], ip)) return true;
    return false;
}

}  // namespace vigil::engine
