// Count and byte-size parsing for the command line.
#include "byte_size.hpp"

#include <limits>

namespace vigil::corpus {

std::optional<std::uint64_t> parse_byte_size(std::string_view text) {
    std::uint64_t value = 0;
    std::size_t i = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        const std::uint64_t digit = static_cast<std::uint64_t>(text[i] - '0');
        if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return std::nullopt;
        value = value * 10 + digit;
    }
    if (i == 0) return std::nullopt;
    std::string_view unit = text.substr(i);
    int shift = 0;
    if (!unit.empty()) {
        switch (unit.front() | 0x20) {  // ASCII lower case
            case 'k': shift = 10; break;
            case 'm': shift = 20; break;
            case 'g': shift = 30; break;
            case 't': shift = 40; break;
            case 'b': shift = 0; break;
            default: return std::nullopt;
        }
        if ((unit.front() | 0x20) != 'b') unit.remove_prefix(1);
        if (unit == "iB" || unit == "ib" || unit == "B" || unit == "b") unit = {};
        if (!unit.empty()) return std::nullopt;
    }
    if (shift > 0 && value > (std::numeric_limits<std::uint64_t>::max() >> shift)) return std::nullopt;
    return value << shift;
}

std::optional<std::uint64_t> parse_count(std::string_view text) {
    const auto value = parse_byte_size(text);
    if (!value || text.empty() || text.back() < '0' || text.back() > '9') return std::nullopt;
    return value;
}

}  // namespace vigil::corpus
