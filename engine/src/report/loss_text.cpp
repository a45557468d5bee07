// Money for people (`loss` as a table or Markdown): the page a finance
// director reads first. The expected annual loss, then the bad years in the
// words a risk committee uses ("1 year in 20"), the appetite check, the
// vendors that carry the loss and make the tail, and the exceedance curve.
#include <cmath>

#include <fmt/format.h>

#include "report/render.hpp"
#include "report/text_format.hpp"

namespace breachrank::report {

namespace {

std::string listed_vendors(const LossResult& r, std::size_t top) {
    const std::size_t n = top == 0 ? r.vendors.size() : std::min(top, r.vendors.size());
    return n < r.vendors.size() ? fmt::format("top {} of {} vendors", n, r.vendors.size())
                                : fmt::format("all {} vendors", r.vendors.size());
}

}  // namespace

std::string loss_text(const LossResult& r, std::size_t top, bool md) {
    const std::string& cur = r.currency;
    auto amount = [&](double x) { return cur + " " + money(x); };
    const char* h2 = md ? "## " : "";
    const char* h3 = md ? "### " : "";
    std::string out;
    out += fmt::format("{}Expected loss from supplier breaches: {}\n\n", h2, r.model);
    std::string method = method_name(r.method) + (r.trials ? fmt::format(", {} trials", *r.trials) : "");
    out += fmt::format("Rules: {}. Method: {}. Seed {}. {} simulated {}. Circumstances: {}.\n\n", r.rules, method,
                       r.seed, human(static_cast<double>(r.years)), r.years == 1 ? "year" : "years",
                       r.circumstances.empty() ? "none" : join(r.circumstances, ", "));

    out += fmt::format("{}Expected annual loss: {}\n\n", h3, amount(r.expected_annual_loss));
    // Who carries it: the fewest vendors that make half of it.
    std::vector<std::string> carriers;
    double carried = 0, tail = 0;
    for (const VendorLoss& v : r.vendors) {
        if (carried >= 0.5 * r.expected_annual_loss || v.expected_annual_loss <= 0) break;
        carriers.push_back(v.id);
        carried += v.expected_annual_loss;
        tail += v.tail_share_20;
    }
    if (!carriers.empty() && r.expected_annual_loss > 0) {
        const std::size_t count = carriers.size();
        std::string names = carriers.back();
        if (count > 1) {
            carriers.pop_back();
            names = join(carriers, ", ") + " and " + names;
        }
        out += fmt::format("{} {} of it{}.\n\n",
                           count == 1 ? "One vendor, " + names + ", carries"
                                      : fmt::format("{} vendors, {}, carry", count, names),
                           percent(carried / r.expected_annual_loss),
                           r.p95 ? fmt::format(" and {} of the losses in the worst 1 year in 20", percent(tail)) : "");
    }
    out += fmt::format("The sum over {} vendors of the chance of a breach in a year times what the breach is "
                       "expected to cost, spread included. The simulated years give {} ± {} (mean ± standard "
                       "error); {} of them had at least one breach.\n\n",
                       r.vendors.size(), amount(r.simulated_mean), money(r.simulated_stderr),
                       percent(r.years_with_loss));

    out += fmt::format("{}A bad year\n\n", h3);
    Table bad{{"how often", "annual loss at least"}, {false, true}, {}};
    auto bad_year = [&](const char* label, const std::optional<double>& loss, int period) {
        bad.rows.push_back({label, loss ? amount(*loss) : fmt::format("(needs {} simulated years)", period)});
    };
    bad_year("1 year in 2 (the median year)", r.p50, 2);
    bad_year("1 year in 10", r.p90, 10);
    bad_year("1 year in 20", r.p95, 20);
    bad_year("1 year in 100", r.p99, 100);
    out += md ? bad.markdown() : bad.text();

    out += fmt::format("\n{}Risk appetite\n\n", h3);
    if (r.appetite.empty()) {
        out += "The rule pack states no appetite ('loss.appetite').\n";
    } else {
        std::size_t outside = 0, unsure = 0;
        Table a{{"annual loss above", "tolerated at most", "simulated", "verdict"}, {true, false, false, false}, {}};
        for (const AppetiteCheck& p : r.appetite) {
            outside += !p.within;
            unsure += !p.certain();
            std::string verdict = p.within ? "within" : "OUTSIDE appetite";
            if (!p.certain())
                verdict += fmt::format(", too close to call (95% interval {} to {})", percent(p.interval_low),
                                       percent(p.interval_high));
            a.rows.push_back({amount(p.loss), fmt::format("{} ({})", one_in_years(p.probability), percent(p.probability)),
                              fmt::format("{} ({})", one_in_years(p.simulated_probability),
                                          percent(p.simulated_probability)),
                              verdict});
        }
        out += md ? a.markdown() : a.text();
        out += outside == 0 ? "\nEvery point of the appetite holds"
                            : fmt::format("\n{} of {} points of the appetite are exceeded", outside, r.appetite.size());
        out += unsure == 0 ? ".\n"
                           : fmt::format("; {} {} within the simulation's noise: simulate more years (--years) to call {}.\n",
                                         unsure, unsure == 1 ? "is" : "are", unsure == 1 ? "it" : "them");
    }

    out += fmt::format("\n{}Vendors by expected annual loss ({})\n\n", h3, listed_vendors(r, top));
    Table v{{"rank", "vendor", "likelihood", "incident loss", "EAL", "share of EAL", "1-in-20 years", "1-in-100 years",
             "method"},
            {true, false, true, true, true, true, true, true, false},
            {}};
    const std::size_t n = top == 0 ? r.vendors.size() : std::min(top, r.vendors.size());
    for (std::size_t i = 0; i < n; ++i) {
        const VendorLoss& x = r.vendors[i];
        std::string incident = money(x.expected_incident_loss);
        if (x.expected_incident_loss_stderr && *x.expected_incident_loss_stderr > 0)
            incident += " ± " + money(*x.expected_incident_loss_stderr);
        v.rows.push_back({std::to_string(x.rank), x.kind == EntityKind::channel ? x.id + " (channel)" : x.id,
                          fmt::format("{:.4g}", x.likelihood), incident, money(x.expected_annual_loss),
                          percent(r.expected_annual_loss > 0 ? x.expected_annual_loss / r.expected_annual_loss : 0),
                          percent(x.tail_share_20), percent(x.tail_share_100), method_name(x.cascade_method)});
    }
    out += md ? v.markdown() : v.text();
    out += fmt::format("\nMoney in {}. Incident loss: what one breach of the vendor is expected to cost, its spread "
                       "over standing access included (± its Monte Carlo standard error). EAL: likelihood x incident "
                       "loss. 1-in-20 and 1-in-100 years: the vendor's share of the losses in the simulated years at "
                       "or beyond the 1-in-20-year (1-in-100-year) loss, the vendors that make the tail.\n",
                       cur);

    out += fmt::format("\n{}Loss exceedance (the whole curve: --format json, csv or svg, or --curve-csv)\n\n", h3);
    Table c{{"how often", "chance in a year", "annual loss at least"}, {false, true, true}, {}};
    // The round return periods here; every point of the curve is in the JSON, CSV and SVG.
    for (const ExceedancePoint& e : r.exceedance) {
        const double period = std::round(1 / e.probability);
        if (std::fabs(1 / e.probability - period) > 1e-6) continue;
        const auto p = static_cast<long>(period);
        if (p != 2 && p != 5 && p != 10 && p != 20 && p != 50 && p != 100 && p != 200 && p != 500 && p != 1000) continue;
        c.rows.push_back({one_in_years(e.probability), percent(e.probability), amount(e.loss)});
    }
    out += md ? c.markdown() : c.text();
    return out;
}

}  // namespace breachrank::report
