// breachrank: which supplier breaches would hurt an organisation's people most.
// The umbrella header: load a rule pack and a model, score, explain.
#pragma once

#include "breachrank/diagnostic.hpp"
#include "breachrank/generate.hpp"
#include "breachrank/loss.hpp"
#include "breachrank/model.hpp"
#include "breachrank/options.hpp"
#include "breachrank/report.hpp"
#include "breachrank/scenario.hpp"
#include "breachrank/rules.hpp"
#include "breachrank/score.hpp"
#include "breachrank/version.hpp"
