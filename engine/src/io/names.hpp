// Interning of entity and population references to dense integers, for the
// model loader: references are resolved once every id is known, so sections
// may come in any order.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace breachrank::io {

// Interns names (entity or population references) to dense integers.
//
// Every entity and population reference of a model goes through here (about a
// million look-ups for 100,000 suppliers), so it is an open-addressing table
// of indices with the full hash kept beside each name: a probe touches one
// slot array and compares strings only on a full hash match. std::unordered_map
// spent 14% of the load in bucket chasing (perf, bench/results/load.md).
class Names {
public:
    std::uint32_t intern(std::string_view name) {
        if ((names_.size() + 1) * 2 > slots_.size()) grow();
        const std::uint64_t h = std::hash<std::string_view>{}(name);
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            Slot& s = slots_[i];
            if (s.index == 0) {
                s = Slot{static_cast<std::uint32_t>(names_.size() + 1), tag};
                names_.emplace_back(name);
                hashes_.push_back(h);
                return static_cast<std::uint32_t>(names_.size() - 1);
            }
            if (s.tag == tag && names_[s.index - 1] == name) return s.index - 1;
        }
    }
    const std::string& name(std::uint32_t id) const { return names_[id]; }
    std::size_t size() const { return names_.size(); }

private:
    void grow() {
        std::vector<Slot> slots(std::max<std::size_t>(64, slots_.size() * 2));
        const std::size_t mask = slots.size() - 1;
        for (std::size_t n = 0; n < names_.size(); ++n) {
            std::size_t i = hashes_[n] & mask;
            while (slots[i].index != 0) i = (i + 1) & mask;
            slots[i] = Slot{static_cast<std::uint32_t>(n + 1), static_cast<std::uint32_t>(hashes_[n] >> 32)};
        }
        slots_ = std::move(slots);
    }
    struct Slot {
        std::uint32_t index = 0;  // 0 = empty, else name index + 1
        std::uint32_t tag = 0;    // high half of the hash: most mismatches end here
    };
    std::vector<std::string> names_;
    std::vector<std::uint64_t> hashes_;  // for growing
    std::vector<Slot> slots_;
};

}  // namespace breachrank::io
