// FNV-1a, the one hash breachrank keys on: stable across runs, platforms and
// standard libraries (std::hash is none of these), so anything derived from it
// (a vendor's Monte Carlo stream, an access edge's random draw) is reproducible
// from the ids alone. Also hashes breach sets (sorted entity indices) for the
// caches of the cascade stage.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace breachrank::support {

class Fnv1a {
public:
    /// Adds each byte of `text`.
    Fnv1a& bytes(std::string_view text) {
        for (char c : text) byte(static_cast<unsigned char>(c));
        return *this;
    }
    Fnv1a& byte(unsigned char c) {
        h_ = (h_ ^ c) * kPrime;
        return *this;
    }
    /// Adds a 32-bit value as one step (not byte by byte): the form the set hashes use.
    Fnv1a& word(std::uint32_t x) {
        h_ = (h_ ^ x) * kPrime;
        return *this;
    }
    std::uint64_t value() const { return h_; }

private:
    static constexpr std::uint64_t kOffset = 1469598103934665603ULL;
    static constexpr std::uint64_t kPrime = 1099511628211ULL;
    std::uint64_t h_ = kOffset;
};

/// Hash of a breach set (entity indices) for unordered containers.
struct IndexSetHash {
    std::size_t operator()(const std::vector<int>& set) const {
        Fnv1a h;
        for (int x : set) h.word(static_cast<std::uint32_t>(x));
        return static_cast<std::size_t>(h.value());
    }
};

}  // namespace breachrank::support
