// Random identifiers in the shapes real logs use (UUIDs, hex ids, Kubernetes name suffixes, base64 blobs).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "prng.hpp"

namespace vigil::corpus {

// 8-4-4-4-12 lowercase UUID with version-4 and variant bits set, like Kubernetes auditIDs and uids.
void append_uuid(std::string& out, prng& rng);

// A UUID derived from a name (FNV-1a), for identities whose uid must be the same in every event.
void append_name_uuid(std::string& out, std::string_view name);

// count lowercase hex digits.
void append_hex(std::string& out, prng& rng, std::size_t count);

// count characters of the alphabet Kubernetes uses for generated name suffixes (no vowels, no 0/1/3).
void append_k8s_suffix(std::string& out, prng& rng, std::size_t count);

// count uppercase letters and digits, like AWS access-key and principal ids.
void append_upper_alnum(std::string& out, prng& rng, std::size_t count);

// count standard-alphabet base64 characters.
void append_base64(std::string& out, prng& rng, std::size_t count);

// 64-bit FNV-1a, used to derive stable per-name values without consuming random draws.
constexpr std::uint64_t fnv1a(std::string_view text) noexcept {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

}  // namespace vigil::corpus
