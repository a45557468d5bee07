// CSV inventories: a model's sections read from CSV files give the same Model
// and the same output as the YAML form, and every cell has its exact position.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "helpers.hpp"
#include "io/csv_table.hpp"

using namespace breachrank;

namespace {

Model load(const std::string& path) {
    auto loaded = load_model_file(path, default_rules());
    INFO(loaded.diagnostics.str());
    REQUIRE(loaded.ok());
    return *loaded.value;
}

std::string score_json(const Model& m) { return render_score(score(m, default_rules()), Format::json, 0); }

}  // namespace

TEST_CASE("csv: a hand-written CSV model and its hand-written YAML twin give identical output") {
    const Model csv = load(test::data("valid/csv-twin.yaml"));
    const Model yaml = load(test::data("valid/csv-twin-yaml.yaml"));
    // Quoting, spaces, the BOM and CRLF ends are undone as written by hand.
    REQUIRE(csv.entities.size() == 4);
    CHECK(csv.entities[0].name == "Force, North");
    CHECK(csv.entities[1].name == "Vendor \"A\" Ltd");
    CHECK(csv.entities[2].id == "vendor-b");
    CHECK(csv.entities[2].name == "Vendor B");
    CHECK(csv.entities[3].name == "Vendor C\nSub-processor");
    CHECK(csv.flows[1].share == doctest::Approx(12500.0 / 50000.0));
    CHECK(score_json(csv) == score_json(yaml));
    for (Format f : {Format::csv, Format::table, Format::markdown})
        CHECK(render_score(score(csv, default_rules()), f, 0) == render_score(score(yaml, default_rules()), f, 0));
}

TEST_CASE("csv: write_model_csv round-trips the Met Police (with segments) and generated models") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "breachrank-test-csv";
    fs::create_directories(dir);
    GenerateOptions g;
    g.organisations = 20;
    g.suppliers = 500;
    g.seed = 7;
    GenerateOptions segmented = g;
    segmented.segments = 3;
    for (const Model& m : {load(test::data("../../models/met-police-2023.yaml")),
                           load(test::data("../../models/psni-2023.yaml")),  // a channel
                           generate_model(g, default_rules()),
                           generate_model(segmented, default_rules())}) {
        ModelFiles files = write_model_csv(m, default_rules(), "inv");
        for (const auto& [name, text] : files.csv) std::ofstream(dir / name, std::ios::binary) << text;
        std::ofstream(dir / "model.yaml", std::ios::binary) << files.yaml;
        const Model back = load((dir / "model.yaml").string());
        CHECK(back.entities.size() == m.entities.size());
        CHECK(back.flows.size() == m.flows.size());
        CHECK(back.access.size() == m.access.size());
        // What each service requires comes back through the CSV's `required` column.
        for (std::size_t f = 0; f < m.flows.size(); ++f) CHECK(back.flows[f].required == m.flows[f].required);
        for (std::size_t e = 0; e < m.entities.size(); ++e) CHECK(back.entities[e].kind == m.entities[e].kind);
        REQUIRE(back.populations.size() == m.populations.size());
        for (std::size_t p = 0; p < m.populations.size(); ++p) {
            REQUIRE(back.populations[p].segments.size() == m.populations[p].segments.size());
            for (std::size_t s = 0; s < m.populations[p].segments.size(); ++s) {
                CHECK(back.populations[p].segments[s].id == m.populations[p].segments[s].id);
                CHECK(back.populations[p].segments[s].size == m.populations[p].segments[s].size);
                CHECK(back.populations[p].segments[s].traits == m.populations[p].segments[s].traits);
                CHECK(back.populations[p].segments[s].tags == m.populations[p].segments[s].tags);
            }
        }
        CHECK(score_json(back) == score_json(m));
    }
    fs::remove_all(dir);
}

TEST_CASE("csv: cells carry their line and column, in characters") {
    // Row 2 has a quoted cell with a doubled quote and a line break; row 3
    // starts after it, on line 4; "é" is one character, two bytes.
    const std::string text = "a,b,c\n\"x\"\"y\",\"two\nlines\",z\n é,  q ,\"\"\n";
    io::CsvReader r(text, 3);
    REQUIRE(r.next());
    REQUIRE(r.cells().size() == 3);
    CHECK(r.cells()[2].mark.column == 5);
    REQUIRE(r.next());
    REQUIRE(r.cells().size() == 3);
    CHECK(r.cells()[0].text == "x\"y");
    CHECK(r.cells()[0].mark.line == 2);
    CHECK(r.cells()[0].mark.column == 1);
    CHECK(r.cells()[1].text == "two\nlines");
    CHECK(r.cells()[1].mark.column == 8);
    CHECK(r.cells()[2].text == "z");
    CHECK(r.cells()[2].mark.line == 3);
    CHECK(r.cells()[2].mark.column == 8);
    CHECK(r.cells()[2].mark.file == 3);
    REQUIRE(r.next());
    CHECK(r.mark().line == 4);
    CHECK(r.cells()[0].text == "é");
    CHECK(r.cells()[0].mark.column == 2);  // after the space libcsv drops
    CHECK(r.cells()[1].text == "q");
    CHECK(r.cells()[1].mark.column == 6);
    CHECK(r.cells()[2].text == "");
    CHECK(r.cells()[2].quoted);
    CHECK_FALSE(r.next());
    CHECK_FALSE(r.failed());
}

TEST_CASE("csv: the read-ahead reader gives what the plain reader gives, over batch boundaries") {
    std::string text = "id,n\n";
    for (int i = 0; i < 10000; ++i) text += "e" + std::to_string(i) + (i % 7 ? "," : ",\"q,") + std::to_string(i) + (i % 7 ? "\n" : "\"\n");
    text += "bad\"row,1\n";
    io::CsvReader plain(text, 1);
    io::CsvReadAhead ahead(text, 1);
    int rows = 0;
    while (plain.next()) {
        REQUIRE(ahead.next());
        REQUIRE(ahead.cells().size() == plain.cells().size());
        for (std::size_t k = 0; k < plain.cells().size(); ++k) {
            CHECK(ahead.cells()[k].text == plain.cells()[k].text);
            CHECK(ahead.cells()[k].mark.column == plain.cells()[k].mark.column);
        }
        CHECK(ahead.mark().line == plain.mark().line);
        ++rows;
    }
    CHECK_FALSE(ahead.next());
    CHECK(rows == 10001);
    REQUIRE(plain.failed());
    CHECK(ahead.failed());
    CHECK(ahead.error_mark().line == 10002);
    CHECK(ahead.error_mark().column == 4);  // the stray quote
}

TEST_CASE("csv: a reader given up early stops its thread") {
    std::string text;
    for (int i = 0; i < 100000; ++i) text += "a,b\n";
    io::CsvReadAhead ahead(text, 1);
    CHECK(ahead.next());
}  // the destructor joins the producer, which waits for room that never comes

TEST_CASE("csv: a position inside a cell follows doubled quotes, line breaks and characters") {
    // Row 2, cell 2 is "a""é;\nb;c": text a"é;<LF>b;c.
    const std::string text = "h1,h2\nx,\"a\"\"é;\nb;c\"\n";
    io::CsvReader r(text, 1);
    REQUIRE(r.next());
    REQUIRE(r.next());
    const io::CsvCell& c = r.cells()[1];
    CHECK(c.text == "a\"é;\nb;c");
    CHECK(c.mark.column == 3);            // the opening quote
    CHECK(c.mark_of(0).column == 4);      // a
    CHECK(c.mark_of(1).column == 5);      // the doubled quote
    CHECK(c.mark_of(2).column == 7);      // é, after two source characters for one quote
    CHECK(c.mark_of(6).line == 3);        // b, on the next line
    CHECK(c.mark_of(6).column == 1);
    CHECK(c.mark_of(8).column == 3);      // c
}

TEST_CASE("csv: a lone carriage return inside a line is an error, not a silent extra row") {
    for (std::string text : {"id,kind\ne1,supplier\re2,supplier\n", "id,kind\ne1,supplier\re2,supplier"}) {
        io::CsvReader r(text, 1);
        REQUIRE(r.next());
        CHECK_FALSE(r.next());
        REQUIRE(r.failed());
        CHECK(r.error().find("carriage return") != std::string::npos);
        CHECK(r.error_mark().line == 2);
    }
    // CRLF line ends are fine.
    io::CsvReader ok("id,kind\r\ne1,supplier\r\ne2,supplier\r\n", 1);
    int rows = 0;
    while (ok.next()) ++rows;
    CHECK(rows == 3);
    CHECK_FALSE(ok.failed());
}

TEST_CASE("score without exposures: the same figures, no bands") {
    const Model m = load(test::data("../../models/met-police-2023.yaml"));
    ScoreOptions lean;
    lean.exposures = false;
    const ScoreResult full = score(m, default_rules());
    const ScoreResult fast = score(m, default_rules(), lean);
    REQUIRE(fast.vendors.size() == full.vendors.size());
    bool some = false;
    for (std::size_t i = 0; i < full.vendors.size(); ++i) {
        CHECK(fast.vendors[i].exposures.empty());
        some = some || !full.vendors[i].exposures.empty();
        CHECK(fast.vendors[i].id == full.vendors[i].id);
        CHECK(fast.vendors[i].people_exposed == full.vendors[i].people_exposed);
        CHECK(fast.vendors[i].organisations_affected == full.vendors[i].organisations_affected);
        CHECK(fast.vendors[i].rules_fired == full.vendors[i].rules_fired);
    }
    CHECK(some);
    for (Format f : {Format::csv, Format::table, Format::markdown})
        CHECK(render_score(fast, f, 0) == render_score(full, f, 0));
}
