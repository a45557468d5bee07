// The loss exceedance curve as a picture (`loss --format svg`), drawn here
// rather than by a plotting library: a few lines, points and labels in plain
// SVG that any browser or document shows. Both axes are logarithmic: money
// spans decades, and the odds that matter to a board (1 in 10, 1 in 100,
// 1 in 1,000) would be squeezed against the axis on a linear scale.
#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "report/render.hpp"
#include "report/text_format.hpp"

namespace breachrank::report {

namespace {

// The plot area and its logarithmic axes.
struct Frame {
    double left = 190, right = 930, top = 136, bottom = 512;  // pixels
    double lx0 = 0, lx1 = 1;  // log10 of the money axis' ends
    double ly0 = -3;          // log10 of the smallest probability shown (the top is 1)
    double x(double money) const { return left + (std::log10(money) - lx0) / (lx1 - lx0) * (right - left); }
    double y(double p) const { return top + (0 - std::log10(p)) / (0 - ly0) * (bottom - top); }
};

// Lines of the key under the plot: the curve, then the appetite and its points.
double key_rows(const LossResult& r) {
    return 1 + (r.appetite.empty() ? 0.0 : 1.0 + static_cast<double>(r.appetite.size()));
}

constexpr const char* kCurve = "#1f4e99";     // dark blue: reads in greyscale as dark
constexpr const char* kAppetite = "#c0392b";  // red, dashed: tells itself apart without colour

}  // namespace

std::string loss_svg(const LossResult& r) {
    Frame f;
    const double width = 960, height = f.bottom + 92 + 18 * key_rows(r);
    // The money axis covers the curve, the appetite and the EAL, whole decades.
    std::vector<double> money_values;
    for (const ExceedancePoint& e : r.exceedance)
        if (e.loss > 0) money_values.push_back(e.loss);
    for (const AppetiteCheck& a : r.appetite) money_values.push_back(a.loss);
    if (r.expected_annual_loss > 0) money_values.push_back(r.expected_annual_loss);
    const bool curve = std::any_of(r.exceedance.begin(), r.exceedance.end(), [](const ExceedancePoint& e) { return e.loss > 0; });
    if (money_values.empty()) money_values = {1e3, 1e6};
    const auto [lo, hi] = std::minmax_element(money_values.begin(), money_values.end());
    // A little room beyond the extreme values, so no point sits on the frame.
    f.lx0 = std::floor(std::log10(*lo) - 0.1);
    f.lx1 = std::ceil(std::log10(*hi) + 0.1);
    if (f.lx1 <= f.lx0) f.lx1 = f.lx0 + 1;
    double smallest = 1e-3;
    for (const AppetiteCheck& a : r.appetite) smallest = std::min(smallest, a.probability);
    f.ly0 = std::floor(std::log10(smallest));

    std::string s;
    const std::string title = fmt::format("How likely is a bad year? Loss exceedance: {}", r.model);
    const std::string heading = "How likely is a bad year?";
    s += fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-labelledby="t d" font-family="DejaVu Sans, Arial, Helvetica, sans-serif">)"
                     "\n",
                     width, height, width, height);
    std::size_t outside = 0;
    for (const AppetiteCheck& a : r.appetite) outside += !a.within;
    const std::string appetite_line =
        r.appetite.empty() ? std::string("The rule pack states no risk appetite.")
        : outside == 0     ? fmt::format("Every one of the {} appetite points holds.", r.appetite.size())
                           : fmt::format("{} of {} appetite points exceeded.", outside, r.appetite.size());
    auto bad_years = [&] {
        std::string text;
        if (r.p95) text += fmt::format(" 1 year in 20 loses at least {} {}", xml(r.currency), money(*r.p95));
        if (r.p99) text += fmt::format(", 1 year in 100 at least {} {}", xml(r.currency), money(*r.p99));
        return text.empty() ? text : text + ".";
    };
    // A long model name is cut rather than run off the picture.
    std::string model = r.model;
    if (model.size() > 80) model = model.substr(0, 77) + "...";
    s += fmt::format("<title id=\"t\">{}</title>\n", xml(title));
    s += fmt::format("<desc id=\"d\">The chance in a year that supplier breaches cost more than each amount, from {} "
                     "simulated years; expected annual loss {} {}.{} {}</desc>\n",
                     human(static_cast<double>(r.years)), xml(r.currency), money(r.expected_annual_loss), bad_years(),
                     appetite_line);
    s += fmt::format("<rect width=\"{}\" height=\"{}\" fill=\"white\"/>\n", width, height);
    s += fmt::format("<text x=\"24\" y=\"34\" font-size=\"22\" font-weight=\"bold\" fill=\"#222\">{}</text>\n",
                     heading);
    s += fmt::format("<text x=\"24\" y=\"58\" font-size=\"15\" fill=\"#222\">Loss exceedance from supplier breaches: "
                     "{}</text>\n",
                     xml(model));
    s += fmt::format("<text x=\"24\" y=\"80\" font-size=\"13\" fill=\"#222\">Expected annual loss {} {}.{}</text>\n",
                     xml(r.currency), money(r.expected_annual_loss), bad_years());
    s += fmt::format("<text x=\"24\" y=\"99\" font-size=\"13\" fill=\"#222\">{}</text>\n", appetite_line);
    s += fmt::format("<text x=\"24\" y=\"116\" font-size=\"12\" fill=\"#555\">{} simulated {} · rules {} · method {} "
                     "· seed {}</text>\n",
                     human(static_cast<double>(r.years)), r.years == 1 ? "year" : "years", xml(r.rules),
                     method_name(r.method), r.seed);

    // Grid and axes: a line at every decade of money (and at 2 and 5 when few
    // decades are shown), and at every decade of probability.
    s += "<g font-size=\"12\" fill=\"#333\">\n";
    const bool few = f.lx1 - f.lx0 <= 2;
    for (double d = f.lx0; d <= f.lx1 + 1e-9; ++d)
        for (double m : {1.0, 2.0, 5.0}) {
            if (m > 1 && (!few || d >= f.lx1)) continue;
            const double v = m * std::pow(10.0, d);
            const double x = f.x(v);
            s += fmt::format("<line x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>\n", x,
                             f.top, x, f.bottom, m == 1 ? "#d0d0d0" : "#ececec");
            s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", x, f.bottom + 20, money(v));
        }
    for (double d = 0; d >= f.ly0 - 1e-9; --d) {
        const double p = std::pow(10.0, d);
        const double y = f.y(p);
        s += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#d0d0d0\" stroke-width=\"1\"/>\n",
                         f.left, y, f.right, y);
        const std::string label = d == 0 ? std::string("every year")
                                         : fmt::format("1 year in {}", human(std::round(1 / p)));
        s += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{} ({})</text>\n", f.left - 8, y + 4, label,
                         percent(p));
    }
    s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888\"/>\n", f.left, f.top,
                     f.right - f.left, f.bottom - f.top);
    s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"14\">Annual loss ({}, log scale)</text>\n",
                     (f.left + f.right) / 2, f.bottom + 46, xml(r.currency));
    s += fmt::format("<text transform=\"translate(22 {}) rotate(-90)\" text-anchor=\"middle\" font-size=\"14\">Chance in "
                     "a year of losing more (log scale)</text>\n",
                     (f.top + f.bottom) / 2);
    s += "</g>\n";

    // The expected annual loss, a dotted vertical line.
    if (r.expected_annual_loss > 0) {
        const double x = f.x(r.expected_annual_loss);
        s += fmt::format("<line x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{}\" stroke=\"#555\" stroke-width=\"1.5\" "
                         "stroke-dasharray=\"2 4\"/>\n",
                         x, f.top, x, f.bottom);
        s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"12\" fill=\"#444\" text-anchor=\"{}\">expected annual "
                         "loss {} {}</text>\n",
                         x + (x > (f.left + f.right) / 2 ? -6 : 6), f.top + 16,
                         x > (f.left + f.right) / 2 ? "end" : "start", xml(r.currency), money(r.expected_annual_loss));
    }

    // The simulated curve, with the 1-in-20 and 1-in-100-year points named.
    if (curve) {
        std::string points;
        for (const ExceedancePoint& e : r.exceedance)
            if (e.loss > 0) points += fmt::format("{:.1f},{:.1f} ", f.x(e.loss), f.y(e.probability));
        s += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"3\" "
                         "stroke-linejoin=\"round\"/>\n",
                         points, kCurve);
        for (const ExceedancePoint& e : r.exceedance) {
            if (e.loss <= 0) continue;
            const bool named = std::fabs(1 / e.probability - 20) < 1e-6 || std::fabs(1 / e.probability - 100) < 1e-6;
            s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\" fill=\"{}\"/>\n", f.x(e.loss), f.y(e.probability),
                             named ? 5 : 2.5, kCurve);
            if (named) {
                // The curve falls to the right, so the space above-right and below-left of a
                // point is free: above-right when the label fits before the frame.
                const std::string label = fmt::format("1 in {}: {} {}", human(std::round(1 / e.probability)),
                                                      xml(r.currency), money(e.loss));
                const bool fits = f.x(e.loss) + 12 + 7.5 * static_cast<double>(label.size()) < f.right;
                s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" fill=\"{}\" font-weight=\"bold\" "
                                 "text-anchor=\"{}\">{}</text>\n",
                                 f.x(e.loss) + (fits ? 10 : -10), f.y(e.probability) + (fits ? -9 : 18), kCurve,
                                 fits ? "start" : "end", label);
            }
        }
    } else {
        s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"15\" fill=\"#444\">No simulated "
                         "year lost money</text>\n",
                         (f.left + f.right) / 2, (f.top + f.bottom) / 2);
    }

    // The appetite: dashed, with a filled marker where the simulation exceeds it.
    if (!r.appetite.empty()) {
        std::string points;
        for (const AppetiteCheck& a : r.appetite) points += fmt::format("{:.1f},{:.1f} ", f.x(a.loss), f.y(a.probability));
        s += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" "
                         "stroke-dasharray=\"9 5\"/>\n",
                         points, kAppetite);
        for (const AppetiteCheck& a : r.appetite) {
            const double x = f.x(a.loss), y = f.y(a.probability);
            s += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"10\" height=\"10\" transform=\"rotate(45 {:.1f} "
                             "{:.1f})\" fill=\"{}\" stroke=\"{}\" stroke-width=\"2\"/>\n",
                             x - 5, y - 5, x, y, a.within ? "white" : kAppetite, kAppetite);
        }
    }

    // The key and each appetite point's verdict, under the axis title: inside
    // the plot it would hide a curve (an appetite can reach any corner).
    const double bx = f.left + 12, line = 18;
    const double rows = key_rows(r);
    double by = f.bottom + 64;
    s += fmt::format("<rect x=\"{}\" y=\"{:.1f}\" width=\"{}\" height=\"{:.1f}\" fill=\"white\" fill-opacity=\"0.92\" "
                     "stroke=\"#bbb\"/>\n",
                     bx - 8, by - 6, f.right - f.left - 8, line * rows + 10);
    auto key = [&](const char* colour, const char* dash, double stroke, const std::string& text) {
        s += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"{}\"{}/>\n", bx,
                         by + 8, bx + 30, by + 8, colour, stroke, dash);
        s += fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-size=\"12\" fill=\"#222\">{}</text>\n", bx + 38, by + 12, text);
        by += line;
    };
    key(kCurve, "", 3, "simulated: the chance in a year of losing more");
    if (!r.appetite.empty()) {
        key(kAppetite, " stroke-dasharray=\"9 5\"", 2.5, "risk appetite: a loss above ... at most ... (filled: exceeded)");
        for (const AppetiteCheck& a : r.appetite) {
            std::string verdict = a.within ? "within" : "EXCEEDED";
            if (!a.certain()) verdict += " (too close to call: simulate more years)";
            s += fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-size=\"12\" fill=\"{}\">{} {}: at most {}; simulated {} "
                             "({}): {}</text>\n",
                             bx + 38, by + 12, a.within ? "#222" : kAppetite, xml(r.currency), money(a.loss),
                             one_in_years(a.probability), one_in_years(a.simulated_probability),
                             percent(a.simulated_probability), verdict);
            by += line;
        }
    }
    s += "</svg>\n";
    return s;
}

}  // namespace breachrank::report
