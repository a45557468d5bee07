// rules/enisa-2013.yaml against the paper: ENISA (2013), "Recommendations for a methodology of the
// assessment of severity of personal data breaches", Working Document v1.0. SE = DPC x EI + CB.
// The paper scores DPC, EI and CB in separate annexes (tests/data/enisa/EXAMPLES.md has its text):
// each case below is one of its examples, with the paper's number and section.
#include <doctest/doctest.h>

#include <filesystem>

#include "helpers.hpp"

using namespace breachrank;

namespace {

const RulePack& enisa() {
    static const RulePack pack = [] {
        auto r = load_rules_file(std::string(BREACHRANK_SOURCE_DIR) + "/rules/enisa-2013.yaml");
        REQUIRE(r.ok());
        return *r.value;
    }();
    return pack;
}

// One population holding `categories`, tagged with the contextual factors of the example.
SeverityTrace trace(const std::vector<std::string>& categories, const std::string& tags) {
    std::string list;
    for (const std::string& c : categories) list += (list.empty() ? "" : ", ") + c;
    const std::string text = "breachrank: model/1\nentities:\n  - {id: controller, kind: organisation}\npopulations:\n"
                             "  - {id: people, owner: controller, size: 100, holds: [" + list + "], tags: [" + tags +
                             "]}\n";
    Model m = test::model_from(text, enisa());
    CategorySet set;
    for (const std::string& c : categories) set.set(static_cast<std::size_t>(enisa().find_category(c)));
    return trace_severity(m, enisa(), 0, set);
}

double dpc(const std::vector<std::string>& categories, const std::string& tags = "") {
    return trace(categories, tags).final_base;
}

}  // namespace

TEST_CASE("ENISA Annex 1 §A3 S1 (p.12): a list of names and telephone numbers, simple data, base 1") {
    CHECK(dpc({"name", "phone"}) == 1);                                 // case 1: a supermarket's customers
    CHECK(dpc({"name", "phone"}, "controller-reveals-status") == 2);    // case 2: a seller of luxury cars or homes
    CHECK(dpc({"name", "phone"}, "controller-reveals-sensitive") == 3); // case 3: a pharmacy for patients with diabetes
    CHECK(dpc({"name", "phone"}, "critical-to-safety") == 4);          // case 4: people working undercover
    // The pack raises a name with another identifier to maximum EI (rule ei-name-with-attribute; Annex 2
    // gives maximum for a name with date of birth and email), so here SE = DPC and the levels follow.
    const SeverityTrace undercover = trace({"name", "phone"}, "critical-to-safety");
    CHECK(undercover.final_ease == 1);
    CHECK(undercover.severity == 4);
    CHECK(undercover.level == "very-high");
}

TEST_CASE("ENISA Annex 1 §A3 S3 (pp.12-13): names and postal addresses, simple data") {
    CHECK(dpc({"name", "home_address"}) == 1);                                 // case 1: a flower shop
    CHECK(dpc({"name", "home_address"}, "controller-reveals-status") == 2);    // case 2: an investment bank
    CHECK(dpc({"name", "home_address"}, "controller-reveals-sensitive") == 3); // case 3: an adult books store
    CHECK(dpc({"name", "home_address"}, "critical-to-safety") == 4);          // case 4: people accused of child abuse
}

TEST_CASE("ENISA Annex 1 §A3 F3 (pp.14-15): credit card information, financial data, base 3") {
    CHECK(dpc({"bank_details"}, "invalid-or-outdated") == 1);  // case 1: cards more than ten years old, not valid
    CHECK(dpc({"bank_details"}, "limited-insight") == 2);      // case 2: not enough details for a transaction
    CHECK(dpc({"bank_details"}) == 3);                         // case 3: no alteration
    CHECK(dpc({"bank_details"}, "fraud-possible") == 4);       // case 4: full details, usable for fraud
}

TEST_CASE("ENISA Annex 1 §A3 H1 (p.15): data on blood analysis, sensitive data, base 4") {
    CHECK(dpc({"health"}, "no-insight") == 1);           // case 1: only that general blood tests were done
    CHECK(dpc({"health"}, "general-assumptions") == 2);  // case 2: blood tests in an emergency room
    CHECK(dpc({"health"}, "limited-insight") == 3);      // case 3: tested for a disease, no results
    CHECK(dpc({"health"}) == 4);                         // case 4: the results of the tests
}

TEST_CASE("ENISA Annex 1 §A3 B3 (pp.13-14): data from a social network, behavioural data, base 2") {
    CHECK(dpc({"work_location"}, "publicly-available") == 1);  // case 1: published online by the user
    CHECK(dpc({"work_location"}) == 2);                        // case 2: a month of everyday life
    CHECK(dpc({"work_location"}, "detailed-profile") == 3);    // case 3: a year of it, a detailed profile
    CHECK(dpc({"work_location"}, "sensitive-profile") == 4);   // case 4: messages exposing sex life or health
}

TEST_CASE("ENISA Annex 1 §A1: DPC stays within 1 to 4 whatever the factors") {
    // Stacked raises on sensitive data stay at 4; a public, outdated simple list stays at 1.
    CHECK(dpc({"health"}, "critical-to-safety, detailed-profile") == 4);
    CHECK(dpc({"name"}, "publicly-available, invalid-or-outdated") == 1);
}

TEST_CASE("ENISA Annex 2 EI and Annex 3 CB") {
    // A full name where few people share it: EI limited 0.5; with date of birth and email: maximum 1.
    CHECK(trace({"name"}, "").final_ease == 0.5);
    CHECK(trace({"name", "date_of_birth", "email"}, "").final_ease == 1);
    // CB: nothing known adds 0; the elements add up (Annex 3): unknown recipients +0.5 and malicious +0.5.
    CHECK(enisa().severity.circumstances == 0);
    const auto value = [](const char* name) {
        return enisa().circumstances[static_cast<std::size_t>(enisa().find_circumstance(name))].value;
    };
    CHECK(value("confidentiality-unknown-recipients") + value("malicious") == 1.0);
    CHECK(value("availability-temporary") == 0.25);
    CHECK(value("availability-permanent") == 0.5);
}
