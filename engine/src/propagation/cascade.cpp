#include "propagation/cascade.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <Random123/philox.h>

namespace breachrank::propagation {

namespace {
// The draw for one edge in one trial: Philox2x64 keyed by the stream, counting
// (trial, edge key); uniform in [0, 1) from the top 53 bits of the first word.
double draw(std::uint64_t stream, std::uint64_t trial, std::uint64_t edge) {
    r123::Philox2x64 philox;
    r123::Philox2x64::ctr_type ctr = {{trial, edge}};
    r123::Philox2x64::key_type key = {{stream}};
    return static_cast<double>(philox(ctr, key)[0] >> 11) * 0x1.0p-53;
}

std::uint64_t mix(std::uint64_t x) {  // the splitmix64 finaliser
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}
}  // namespace

std::uint64_t stream_seed(std::uint64_t seed, std::string_view id) {
    return mix(seed ^ mix(support::Fnv1a().bytes(id).value()));
}

Cascader::Cascader(const graph::AccessGraph& graph, scoring::BreachHarm harm, std::size_t entities)
    : graph_(&graph), harm_(std::move(harm)), in_set_(entities, 0), owner_sum_(entities, 0.0), owner_seen_(entities, 0) {}

void Cascader::begin(std::span<const int> start, bool want_reach) {
    harm_.clear();
    sum_ = mean_ = m2_ = 0;
    money_sum_ = money_mean_ = money_m2_ = 0;
    count_ = 0;
    for (std::uint32_t o : owners_touched_) owner_sum_[o] = 0, owner_seen_[o] = 0;
    owners_touched_.clear();
    want_reach_ = want_reach;
    exact_ = false;
    abandoned_ = false;
    skipped_.clear();
    if (record_complete_) *record_complete_ = true;
    reach_.assign(want_reach ? in_set_.size() : 0, 0.0);
    set_.clear();
    pending_.clear();
    for (int s : start) {
        if (in_set_[static_cast<std::size_t>(s)]) continue;
        in_set_[static_cast<std::size_t>(s)] = 1;
        set_.push_back(s);
    }
}

std::size_t IncidentTable::pick(double u) const {
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u * cumulative.back());
    return std::min(static_cast<std::size_t>(it - cumulative.begin()), cumulative.size() - 1);
}

void Cascader::record_incidents(IncidentTable* out) {
    incidents_ = out;
    if (out) {
        *out = IncidentTable{};
        out->levels = harm_.levels();
    }
    harm_.want_people(out != nullptr);
}

std::size_t Cascader::PeopleHash::operator()(const std::vector<double>& v) const {
    support::Fnv1a h;
    for (double x : v) {
        std::uint64_t bits;
        std::memcpy(&bits, &x, sizeof bits);
        h.word(static_cast<std::uint32_t>(bits)).word(static_cast<std::uint32_t>(bits >> 32));
    }
    return static_cast<std::size_t>(h.value());
}

void Cascader::leaf(double probability) {
    // Exact: the incremental harm (a set of one entity, the start alone, is
    // its precomputed direct harm as everywhere else). Sampled: the cache.
    const bool incremental = exact_ && set_.size() > 1;
    if (!incremental || record_) scratch_ = set_;
    if (incremental && record_) std::sort(scratch_.begin(), scratch_.end());  // the recorded set's key
    const scoring::SetHarm& h = incremental ? incremental_.current() : harm_(scratch_);  // harm_ sorts scratch_
    last_.harm = &h;
    last_.slot = nullptr;
    if (record_) {
        auto& slot = recorded_[scratch_];
        if (!exact_ || recorded_.size() <= kMaxRecordedSets) {
            slot.second = h.total;
            last_.slot = &slot;
        } else {  // too many to keep: stop recording and the walk (see record())
            recorded_.clear();
            record_->clear();
            record_ = nullptr;
            if (record_complete_) *record_complete_ = false;
            record_complete_ = nullptr;
            abandoned_ = true;
        }
    }
    if (incidents_ && exact_) {
        if (h.people.empty()) harm_.people(scratch_, people_);  // a set of one entity: its harm came precomputed
        const std::vector<double>& people = h.people.empty() ? people_ : h.people;
        const auto [it, fresh] = exact_row_.try_emplace(people, static_cast<std::uint32_t>(incidents_->size()));
        if (fresh) {
            incidents_->cumulative.push_back(0.0);
            incidents_->people.insert(incidents_->people.end(), people.begin(), people.end());
        }
        last_.row = it->second;
    } else if (incidents_) {
        // A set's SetHarm lives in the harm cache (or among the direct harms)
        // for the whole run, so its address names the set without hashing it.
        const auto [it, fresh] = incident_row_.try_emplace(&h, static_cast<std::uint32_t>(incidents_->size()));
        if (fresh) {
            incidents_->cumulative.push_back(0.0);
            if (h.people.empty()) {  // a set of one entity: its harm came precomputed
                harm_.people(scratch_, people_);
                incidents_->people.insert(incidents_->people.end(), people_.begin(), people_.end());
            } else {
                incidents_->people.insert(incidents_->people.end(), h.people.begin(), h.people.end());
            }
        }
        last_.row = it->second;
    }
    accumulate(probability);
}

void Cascader::accumulate(double probability) {
    const scoring::SetHarm& h = *last_.harm;
    if (last_.slot) last_.slot->first += probability;
    if (incidents_) incidents_->cumulative[last_.row] += probability;  // the weight, summed up in finish()
    sum_ += probability * h.total;
    // Welford's running variance (used by Monte Carlo, where every weight is 1):
    // no sum of squares to overflow or cancel.
    ++count_;
    const double delta = h.total - mean_;
    mean_ += delta / static_cast<double>(count_);
    m2_ += delta * (h.total - mean_);
    money_sum_ += probability * h.money;
    const double money_delta = h.money - money_mean_;
    money_mean_ += money_delta / static_cast<double>(count_);
    money_m2_ += money_delta * (h.money - money_mean_);
    for (const auto& [owner, harm] : h.by_owner) {
        if (!owner_seen_[owner]) {
            owner_seen_[owner] = 1;
            owners_touched_.push_back(owner);
        }
        owner_sum_[owner] += probability * harm;
    }
    if (want_reach_) {
        for (int e : set_) reach_[static_cast<std::size_t>(e)] += probability;
        // Each target left undecided, once (at its first skipped edge): the
        // chance that one of its skipped edges fired.
        for (const Skipped& s : skipped_)
            if (s.first) reach_[s.entity] += probability * (1 - not_reached_[s.entity]);
    }
}

void Cascader::repeat_last(std::uint64_t count) {
    // `count` more trials with the last one's set: each sum gains count times
    // the trial's figure (a product, where count additions would round
    // differently in the last digit). Welford's mean and M2 do not move: the
    // last trial was the first (the mean is its value, exactly) and the
    // repeats equal it, so each would add a delta of 0.
    if (count == 0) return;
    const scoring::SetHarm& h = *last_.harm;
    const auto c = static_cast<double>(count);
    if (last_.slot) last_.slot->first += c;
    if (incidents_) incidents_->cumulative[last_.row] += c;
    sum_ += c * h.total;
    money_sum_ += c * h.money;
    count_ += count;
    for (const auto& [owner, harm] : h.by_owner) owner_sum_[owner] += c * harm;
    if (want_reach_)
        for (int e : set_) reach_[static_cast<std::size_t>(e)] += c;
}

CascadeEstimate Cascader::finish(double weight_sum) {
    CascadeEstimate out;
    out.mean = sum_ / weight_sum;
    out.money = money_sum_ / weight_sum;
    std::sort(owners_touched_.begin(), owners_touched_.end());
    for (std::uint32_t o : owners_touched_) out.by_owner.emplace_back(o, owner_sum_[o] / weight_sum);
    if (want_reach_) {
        out.reach = reach_;
        for (double& r : out.reach) r /= weight_sum;
    }
    for (int e : set_) in_set_[static_cast<std::size_t>(e)] = 0;
    if (incidents_) {
        for (std::size_t i = 1; i < incidents_->cumulative.size(); ++i)
            incidents_->cumulative[i] += incidents_->cumulative[i - 1];
        incident_row_.clear();
        exact_row_.clear();
        record_incidents(nullptr);
    }
    if (record_) {
        record_->clear();
        for (auto& [set, wh] : recorded_) record_->push_back(Outcome{set, wh.first / weight_sum, wh.second});
        std::sort(record_->begin(), record_->end(), [](const Outcome& a, const Outcome& b) { return a.set < b.set; });
        recorded_.clear();
        record_ = nullptr;
        record_complete_ = nullptr;
    }
    return out;
}

bool Cascader::adds_nothing(std::uint32_t t) const {
    for (const graph::OutEdge& e : graph_->out(t))
        if (e.probability > 0 && !in_set_[e.to] && e.to != t) return false;
    return incremental_.adds_nothing(static_cast<int>(t));
}

void Cascader::explore(std::size_t next, double probability) {
    if (abandoned_) return;  // a recording walk past its limit: nothing below is wanted
    // Skip edges whose target is already breached (their outcome changes
    // nothing), and, when no breach set is recorded, edges whose target adds
    // nothing (both outcomes lead to the same harms below: once t adds
    // nothing it adds nothing to any larger set, so a later edge into t is
    // skipped too, and P(t in B) is 1 - the product of its skipped edges' 1 - p).
    const std::size_t skipped_mark = skipped_.size();
    while (next < pending_.size()) {
        const graph::OutEdge& e = graph_->out(pending_[next].first)[pending_[next].second];
        if (!in_set_[e.to] && e.probability > 0) {
            if (record_ || !adds_nothing(e.to)) break;
            if (want_reach_) {
                skipped_.push_back({e.to, not_reached_[e.to], skips_[e.to]++ == 0});
                not_reached_[e.to] *= 1 - e.probability;
            }
        }
        ++next;
    }
    if (next == pending_.size()) {
        leaf(probability);
    } else {
        const graph::OutEdge& e = graph_->out(pending_[next].first)[pending_[next].second];
        const double p = e.probability;
        if (p < 1) explore(next + 1, probability * (1 - p));  // the edge stays dead
        // The edge fires: its target joins B and its own edges become pending.
        const std::uint32_t t = e.to;
        in_set_[t] = 1;
        set_.push_back(static_cast<int>(t));
        const std::size_t harm_mark = incremental_.add(static_cast<int>(t));
        const std::size_t mark = pending_.size();
        for (std::uint32_t k = 0; k < graph_->out(t).size(); ++k) pending_.emplace_back(t, k);
        explore(next + 1, probability * p);
        incremental_.undo(harm_mark);
        pending_.resize(mark);
        set_.pop_back();
        in_set_[t] = 0;
    }
    while (skipped_.size() > skipped_mark) {
        not_reached_[skipped_.back().entity] = skipped_.back().before;
        --skips_[skipped_.back().entity];
        skipped_.pop_back();
    }
}

void Cascader::walk(std::span<const int> start, bool want_reach) {
    begin(start, want_reach);
    if (want_reach) {
        not_reached_.assign(in_set_.size(), 1.0);
        skips_.assign(in_set_.size(), 0);
    }
    incremental_.reset(harm_, incidents_ != nullptr);
    for (int s : set_) {
        incremental_.add(s);
        for (std::uint32_t k = 0; k < graph_->out(static_cast<std::size_t>(s)).size(); ++k)
            pending_.emplace_back(static_cast<std::uint32_t>(s), k);
    }
    exact_ = true;
    explore(0, 1.0);
    exact_ = false;
    incremental_.undo(0);
}

CascadeEstimate Cascader::exact(std::span<const int> start, bool want_reach) {
    if (record_) {
        // The breach sets come from a walk of their own that decides every
        // edge (and stops past kMaxRecordedSets); the estimates come from the
        // walk below, the same whether or not sets are recorded, so score,
        // suggest and report give the same numbers to the last digit.
        IncidentTable* incidents = incidents_;
        incidents_ = nullptr;
        walk(start, false);
        finish(1.0);
        incidents_ = incidents;
    }
    walk(start, want_reach);
    CascadeEstimate out = finish(1.0);
    out.standard_error = 0;
    return out;
}

void Cascader::sample(std::uint64_t seed, std::uint64_t t) {
    // Breadth first from the start set; an edge is drawn only when its source
    // is breached and its target is not.
    for (std::size_t head = 0; head < set_.size(); ++head) {
        const auto u = static_cast<std::size_t>(set_[head]);
        const auto out = graph_->out(u);
        for (std::size_t k = 0; k < out.size(); ++k) {
            const graph::OutEdge& e = out[k];
            if (in_set_[e.to] || e.probability <= 0) continue;
            if (e.probability < 1) {
                ++draws_made_;
                if (draw(seed, t, e.key) >= e.probability) continue;
            }
            in_set_[e.to] = 1;
            set_.push_back(static_cast<int>(e.to));
            if (fired_) fired_->emplace_back(static_cast<std::uint32_t>(t), static_cast<std::uint32_t>(graph_->offset(u) + k));
        }
    }
}

std::vector<int> Cascader::trial(std::span<const int> start, std::uint64_t seed, std::uint64_t t) {
    set_.clear();
    for (int s : start)
        if (!in_set_[static_cast<std::size_t>(s)]) in_set_[static_cast<std::size_t>(s)] = 1, set_.push_back(s);
    auto* keep = fired_;
    fired_ = nullptr;
    sample(seed, t);
    fired_ = keep;
    std::vector<int> out = set_;
    for (int e : set_) in_set_[static_cast<std::size_t>(e)] = 0;
    set_.clear();
    std::sort(out.begin(), out.end());
    return out;
}

CascadeEstimate Cascader::montecarlo(std::span<const int> start, std::int64_t trials, std::uint64_t seed,
                                     bool want_reach) {
    begin(start, want_reach);
    const std::size_t seeds = set_.size();
    if (fired_) fired_->clear();
    // A first trial that drew nothing (every edge it met fires with
    // probability 1, or leads back into the set) is every trial: the same
    // walk happens again with no draw to change it. The later trials are then
    // added at once (repeat_last) without walking the graph again: a chain of
    // 10,000 suppliers joined by certain access is one walk, not 2,000 per
    // vendor, and re-sampling such a vendor (suggest) costs one walk.
    if (fired_every_trial_) *fired_every_trial_ = false;
    std::uint64_t advanced = 0;
    for (std::int64_t t = 0; t < trials; ++t) {
        if (phase_ && t % kTrialsPerCheck == 0 && t > 0) {
            phase_->advance(kTrialsPerCheck);
            advanced += kTrialsPerCheck;
            phase_->check(worker_, true);
        }
        draws_made_ = 0;
        sample(seed, static_cast<std::uint64_t>(t));
        leaf(1.0);
        const bool repeat = t == 0 && draws_made_ == 0 && trials > 1;
        if (repeat) {
            repeat_last(static_cast<std::uint64_t>(trials - 1));  // reach_ reads set_: before the reset
            if (fired_every_trial_) *fired_every_trial_ = true;    // fired_ keeps trial 0's edges alone
        }
        for (std::size_t i = seeds; i < set_.size(); ++i) in_set_[static_cast<std::size_t>(set_[i])] = 0;
        set_.resize(seeds);
        if (repeat) break;
    }
    fired_ = nullptr;
    fired_every_trial_ = nullptr;
    if (phase_ && trials > 0) phase_->advance(static_cast<std::uint64_t>(trials) - advanced);
    return finish_sampled(trials);
}

CascadeEstimate Cascader::finish_sampled(std::int64_t trials) {
    const auto n = static_cast<double>(trials);
    CascadeEstimate out = finish(n);
    // Standard error of the mean: sample standard deviation / sqrt(n).
    double var = trials > 1 ? m2_ / (n - 1) : 0.0;
    out.standard_error = std::sqrt(var / n);
    const double money_var = trials > 1 ? money_m2_ / (n - 1) : 0.0;
    out.money_standard_error = std::sqrt(money_var / n);
    return out;
}

CascadeEstimate Cascader::montecarlo_certain(std::span<const int> start, std::int64_t trials,
                                             const scoring::SetHarm& h) {
    begin(start, false);
    record_ = nullptr;
    fired_ = nullptr;
    fired_every_trial_ = nullptr;
    last_.harm = &h;
    last_.slot = nullptr;
    if (incidents_ && trials > 0) {  // one row: every trial is the same incident
        incidents_->cumulative.push_back(0.0);
        incidents_->people.insert(incidents_->people.end(), h.people.begin(), h.people.end());
        incidents_->people.resize(incidents_->cumulative.size() * incidents_->levels, 0.0);
        last_.row = static_cast<std::uint32_t>(incidents_->size() - 1);
    }
    // montecarlo()'s first trial and its repeats, without the walk.
    if (trials > 0) {
        accumulate(1.0);
        repeat_last(static_cast<std::uint64_t>(trials - 1));
        if (phase_) phase_->advance(static_cast<std::uint64_t>(trials));
    }
    return finish_sampled(trials);
}

}  // namespace breachrank::propagation
