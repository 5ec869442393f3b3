// Random identifiers in the shapes real logs use.
#include "random_text.hpp"

namespace vigil::corpus {
namespace {

constexpr char hex_digits[] = "0123456789abcdef";

void append_uuid_bits(std::string& out, std::uint64_t high, std::uint64_t low) {
    high = (high & ~0xF000ULL) | 0x4000ULL;                            // version 4
    low = (low & ~(0xC000ULL << 48)) | (0x8000ULL << 48);              // RFC 4122 variant
    char text[36];
    int pos = 0;
    for (int nibble = 0; nibble < 32; ++nibble) {
        if (nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20) text[pos++] = '-';
        const std::uint64_t word = nibble < 16 ? high : low;
        text[pos++] = hex_digits[(word >> (60 - 4 * (nibble % 16))) & 15];
    }
    out.append(text, 36);
}

void append_from_alphabet(std::string& out, prng& rng, std::size_t count, std::string_view alphabet) {
    const auto size = static_cast<std::uint32_t>(alphabet.size());
    for (std::size_t i = 0; i < count; ++i) out.push_back(alphabet[rng.below(size)]);
}

}  // namespace

void append_uuid(std::string& out, prng& rng) {
    const std::uint64_t high = rng.next();
    append_uuid_bits(out, high, rng.next());
}

void append_name_uuid(std::string& out, std::string_view name) {
    std::uint64_t state = fnv1a(name);
    const std::uint64_t high = splitmix64_next(state);
    append_uuid_bits(out, high, splitmix64_next(state));
}

void append_hex(std::string& out, prng& rng, std::size_t count) {
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (i % 16 == 0) bits = rng.next();  // one draw feeds 16 digits
        out.push_back(hex_digits[bits & 15]);
        bits >>= 4;
    }
}

void append_k8s_suffix(std::string& out, prng& rng, std::size_t count) {
    append_from_alphabet(out, rng, count, "bcdfghjklmnpqrstvwxz2456789");
}

void append_upper_alnum(std::string& out, prng& rng, std::size_t count) {
    append_from_alphabet(out, rng, count, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
}

void append_base64(std::string& out, prng& rng, std::size_t count) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (i % 10 == 0) bits = rng.next();  // one draw feeds 10 six-bit characters
        out.push_back(alphabet[bits & 63]);
        bits >>= 6;
    }
}

}  // namespace vigil::corpus
