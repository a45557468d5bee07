#include <doctest/doctest.h>

#include "breachrank/diagnostic.hpp"
#include "io/schema.hpp"
#include "support/did_you_mean.hpp"
#include "support/excerpt.hpp"

using namespace breachrank;

TEST_CASE("diagnostic format is FILE:LINE:COLUMN: error: MESSAGE") {
    CHECK(Diagnostic{"m.yaml", {3, 7}, "bad"}.str() == "m.yaml:3:7: error: bad");
    CHECK(Diagnostic{"m.yaml", {}, "cannot open"}.str() == "m.yaml: error: cannot open");
}

TEST_CASE("diagnostics stop at their limit and say so") {
    Diagnostics d(2);
    CHECK(d.error("f", {1, 1}, "one"));
    CHECK(d.error("f", {2, 1}, "two"));
    CHECK_FALSE(d.error("f", {3, 1}, "three"));
    CHECK(d.size() == 2);
    CHECK(d.truncated());
    CHECK(d.str() == "f:1:1: error: one\nf:2:1: error: two\nerror: too many errors; stopped after 2\n");
}

TEST_CASE("did you mean") {
    CHECK(support::closest("sahre", {"share", "records", "from"}) == "share");
    CHECK(support::closest("nmae", {"name", "photo"}) == "name");
    CHECK(support::closest("id-card-printr", {"id-card-printer", "payroll"}) == "id-card-printer");
    CHECK(support::closest("zzz", {"share", "records"}) == "");
    CHECK(support::did_you_mean("Share", {"share"}) == "; did you mean 'share'?");
}

TEST_CASE("ids") {
    CHECK(io::valid_id("met-police"));
    CHECK(io::valid_id("a.b_c:d-1"));
    CHECK_FALSE(io::valid_id("-x"));
    CHECK_FALSE(io::valid_id("a b"));
    CHECK_FALSE(io::valid_id(""));
    CHECK(io::valid_id(std::string(128, 'a')));
    CHECK_FALSE(io::valid_id(std::string(129, 'a')));
}

TEST_CASE("numbers are parsed strictly") {
    double v = 0;
    CHECK(io::parse_number("0.5", v) == io::NumberStatus::ok);
    CHECK(v == 0.5);
    CHECK(io::parse_number("-1e-3", v) == io::NumberStatus::ok);
    CHECK(v == -0.001);
    CHECK(io::parse_number("+2", v) == io::NumberStatus::ok);
    CHECK(v == 2.0);
    CHECK(io::parse_number(".inf", v) == io::NumberStatus::non_finite);
    CHECK(io::parse_number("-.Inf", v) == io::NumberStatus::non_finite);
    CHECK(io::parse_number(".nan", v) == io::NumberStatus::non_finite);
    CHECK(io::parse_number("1e999", v) == io::NumberStatus::out_of_range);
    CHECK(io::parse_number("0.5x", v) == io::NumberStatus::not_a_number);
    CHECK(io::parse_number("abc", v) == io::NumberStatus::not_a_number);
    CHECK(io::parse_number("", v) == io::NumberStatus::not_a_number);
}

TEST_CASE("an excerpt of found text: short, one line, escaped, cut at a character") {
    using breachrank::support::excerpt;
    CHECK(excerpt("name") == "name");
    CHECK(excerpt("a\nb\t'c'\\\x01\x7f") == "a\\nb\\t\\'c\\'\\\\\\x01\\x7f");
    CHECK(excerpt("abcdef", 3) == "abc...");
    CHECK(excerpt("abc", 3) == "abc");
    // UTF-8 characters are kept whole: three two-byte characters cut after two.
    CHECK(excerpt("\xc3\xa9\xc3\xa9\xc3\xa9", 2) == "\xc3\xa9\xc3\xa9...");
    CHECK(excerpt(std::string(1000, 'x')).size() == breachrank::support::kExcerptChars + 3);
}
