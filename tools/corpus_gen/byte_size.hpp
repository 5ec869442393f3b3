// Parses the command line's counts: plain decimal numbers (--events) and human byte sizes (--bytes 1G).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace vigil::corpus {

// K/M/G/T are powers of 1024, optionally followed by "B" or "iB"; nullopt on anything else or overflow.
std::optional<std::uint64_t> parse_byte_size(std::string_view text);

// Digits only; nullopt on anything else (signs, spaces, suffixes) or overflow.
std::optional<std::uint64_t> parse_count(std::string_view text);

}  // namespace vigil::corpus
