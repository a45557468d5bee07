// The rule pack's `loss` section (SPEC §3, §4 "Loss"): ranges of money, the
// cost per person by severity level, simulated years and the risk appetite,
// each checked at its line.
#pragma once

#include "breachrank/rules.hpp"
#include "io/schema.hpp"

namespace breachrank::io {

/// Reads `n` (the value of `loss:`) into pack.loss, reporting every problem
/// through `s`. The pack's severity levels must already be read: per_person
/// keys are level names.
void read_loss_section(Schema& s, const Node& n, RulePack& pack);

}  // namespace breachrank::io
