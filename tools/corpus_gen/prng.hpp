// Deterministic PRNG (xoshiro256** seeded by splitmix64): one seed gives the same corpus on every platform.
#pragma once

#include <cstdint>
#include <iterator>
#include <span>

namespace vigil::corpus {

// splitmix64 spreads a small seed over xoshiro's 256-bit state, as its authors recommend.
constexpr std::uint64_t splitmix64_next(std::uint64_t& state) noexcept {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// An integer weight per choice: integer arithmetic keeps weighted draws exact everywhere.
template <class T>
struct weighted {
    T value;
    std::uint32_t weight;
};

class prng {
public:
    explicit prng(std::uint64_t seed) noexcept {
        for (auto& word : s_) word = splitmix64_next(seed);
    }

    std::uint64_t next() noexcept {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform in [0, n): the high 32 bits scaled by n (Lemire); the bias (< n / 2^32) is invisible here,
    // and unlike std::uniform_int_distribution the result is the same with every standard library.
    std::uint32_t below(std::uint32_t n) noexcept {
        return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32);
    }

    // Uniform in [lo, hi], both inclusive.
    std::uint32_t between(std::uint32_t lo, std::uint32_t hi) noexcept { return lo + below(hi - lo + 1); }

    // True with probability p; 53 random bits compared in IEEE double arithmetic, exact on every platform.
    bool chance(double p) noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }

    template <class Container>
    const auto& pick(const Container& items) noexcept {
        return items[below(static_cast<std::uint32_t>(std::size(items)))];
    }

    template <class T>
    const T& pick_weighted(std::span<const weighted<T>> table) noexcept {
        std::uint32_t total = 0;
        for (const auto& entry : table) total += entry.weight;
        std::uint32_t roll = below(total);
        for (const auto& entry : table) {
            if (roll < entry.weight) return entry.value;
            roll -= entry.weight;
        }
        return table.back().value;  // unreachable while total > 0
    }

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }

    std::uint64_t s_[4];
};

}  // namespace vigil::corpus
