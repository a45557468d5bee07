// `entities: {csv: FILE}`: the section's items are the rows of FILE (a path
// relative to the model's directory), one column per key. Each row becomes
// the same small node tree a YAML item would, with each cell's position, and
// goes through the same checks: the two forms of a model load to the same
// Model and report the same problems.
#include "io/model_reader.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "io/input.hpp"
#include "support/did_you_mean.hpp"
#include "support/excerpt.hpp"

namespace breachrank::io {

namespace {
constexpr std::size_t kNotInventoryExcerpt = 12;  // characters of a file that is not an inventory
}  // namespace

void ModelReader::csv_section(const std::string& key, const Node& value) {
    // Whatever goes wrong here hides the section's ids: resolving references
    // would only repeat it as "unknown entity" noise. Restored once every
    // row has been read.
    const bool was_resolved = resolved_;
    resolved_ = false;
    const std::string what = fmt::format("'{}'", key);
    if (s_.check_keys(value, {"csv"}, what) > 0) return;
    const Node* p = s_.require(value, "csv", what);
    if (!p) return;
    auto name = s_.string(*p, "a CSV file name");
    if (!name) return;
    if (name->empty()) {
        s_.error(*p, "the CSV file name is empty");
        return;
    }
    std::filesystem::path path{std::string(*name)};
    if (path.is_relative() && file_ != "-") path = std::filesystem::path(file_).parent_path() / path;
    const std::string file = path.lexically_normal().string();
    // Confined (ModelLoadOptions::allowed_paths): the file read is the
    // resolved one, checked before it is opened. (A directory on the path
    // that someone swaps for a link between the check and the open is not
    // caught: that needs write access to the model's own directory.)
    const std::optional<std::string> resolved = confined(path);
    if (!resolved) {
        s_.error(*p, fmt::format("the CSV file '{}' is outside the model's directory (after resolving '..' and "
                                 "symbolic links): a model may name inventories beside it or below it, so that a "
                                 "model from someone else cannot read any file; allow a directory with --allow-path DIR",
                                 support::excerpt(*name)));
        return;
    }
    Diagnostics read_diags;
    auto text = read_input(*resolved, max_file_size_, read_diags);
    if (!text) {
        s_.error(*p, fmt::format("cannot read the CSV file '{}': {}", *name, read_diags.items().front().message));
        return;
    }
    csv_texts_.push_back(std::move(*text));
    csv_files_.push_back(file);
    model_.inventories.push_back(*resolved);
    const int index = static_cast<int>(csv_files_.size());
    if (!check_text(csv_texts_.back(), file, diags_)) return;
    CsvReadAhead csv(csv_texts_.back(), index);
    auto syntax = [&] {
        if (!csv.failed()) return false;
        s_.error(csv.error_mark(), csv.error());
        return true;
    };
    if (!csv.next()) {
        if (!syntax()) s_.error(SourceMark{1, 1, index}, fmt::format("the CSV file is empty; expected a header row naming the columns of {}", key));
        return;
    }
    // A file that is not an inventory (someone's model naming /etc/passwd,
    // a binary, a log) is refused at its first line, quoting only an excerpt.
    const std::string_view content = csv_texts_.back();
    const std::size_t first_line = std::min(content.find('\n'), content.size());
    if (first_line > kMaxCsvHeaderBytes) {
        s_.error(SourceMark{1, 1, index},
                 fmt::format("not a CSV inventory of {}: its first line is {} bytes long, and a header row naming "
                             "the columns is at most {}",
                             key, first_line, kMaxCsvHeaderBytes));
        return;
    }
    std::vector<CsvColumn> columns;
    if (!csv_header(key, csv, columns)) return;  // rows cannot be read without their columns
    tree_.set_enclosing_depth(2);
    bool rows_read = true;
    while (csv.next()) {
        if (csv.cells().size() != columns.size()) {
            s_.error(csv.mark(), fmt::format("this row has {} cells; the header names {} columns",
                                             csv.cells().size(), columns.size()));
            rows_read = false;  // its id is unknown now
            if (diags_.full()) throw AbortRead{};
            continue;
        }
        item(key, csv_item(csv, columns));
    }
    tree_.set_enclosing_depth(1);
    if (!syntax() && rows_read) resolved_ = was_resolved;
}

std::optional<std::string> ModelReader::confined(const std::filesystem::path& path) const {
    namespace fs = std::filesystem;
    std::error_code ec;
    auto real = [&](const fs::path& p) {
        const fs::path absolute = fs::absolute(p, ec);
        fs::path r = fs::weakly_canonical(absolute, ec);  // resolves '..' and every symbolic link that exists
        return ec ? absolute.lexically_normal() : r;
    };
    // The model's directory: the current one for standard input and for text with no directory in its name.
    const fs::path model_dir = file_ == "-" ? fs::path(".") : fs::path(file_).parent_path();
    std::vector<fs::path> allowed{real(model_dir.empty() ? fs::path(".") : model_dir)};
    for (const std::string& a : allowed_paths_) allowed.push_back(real(a));
    const fs::path target = real(path);
    for (const fs::path& dir : allowed) {
        const fs::path rel = target.lexically_relative(dir);
        if (!rel.empty() && *rel.begin() != ".." && rel != ".") return target.string();
    }
    return std::nullopt;
}

bool ModelReader::csv_header(const std::string& key, const CsvReadAhead& csv, std::vector<CsvColumn>& columns) {
    static const std::vector<std::string_view> entity_cols{"id", "kind", "name", "tags", "controls", "likelihood"},
        population_cols{"id", "owner", "size", "holds", "tags"},
        flow_cols{"from", "to", "population", "categories", "share", "records", "required"},
        access_cols{"from", "to", "probability"}, segment_cols{"population", "id", "size", "share", "tags"};
    const auto& known = key == "entities"      ? entity_cols
                        : key == "populations" ? population_cols
                        : key == "flows"       ? flow_cols
                        : key == "segments"    ? segment_cols
                                               : access_cols;
    const bool has_traits = key == "populations" || key == "segments";
    std::vector<std::string_view> candidates = known;
    std::vector<std::string> trait_columns;
    if (has_traits)
        for (const Trait& t : rules_.traits) trait_columns.push_back("traits." + t.name);
    for (const std::string& t : trait_columns) candidates.push_back(t);
    // Not one known column: not an inventory (each cell is not worth a "did you
    // mean"). Its first cell is quoted shorter still: enough to tell which file.
    const bool any_known = std::any_of(csv.cells().begin(), csv.cells().end(), [&](const CsvCell& cell) {
        return std::find(known.begin(), known.end(), cell.text) != known.end() ||
               (has_traits && cell.text.rfind("traits.", 0) == 0);
    });
    if (!any_known) {
        std::string names;
        for (std::string_view k : known) names += (names.empty() ? "" : ", ") + std::string(k);
        s_.error(SourceMark{1, 1, csv.mark().file},
                 fmt::format("not a CSV inventory of {}: its first row names none of its columns ({}{}), found '{}'",
                             key, names, has_traits ? ", traits.NAME" : "",
                             support::excerpt(csv.cells().empty() ? std::string_view{} : csv.cells().front().text,
                                              kNotInventoryExcerpt)));
        return false;
    }
    bool ok = true;
    for (const CsvCell& cell : csv.cells()) {
        CsvColumn col;
        col.mark = cell.mark;
        const std::string name(cell.text);
        if (std::find(known.begin(), known.end(), name) != known.end()) {
            col.key = name;
            col.list = name == "tags" || name == "controls" || name == "holds" || name == "categories" ||
                       name == "required";
        } else if (has_traits && name.rfind("traits.", 0) == 0) {
            col.key = "traits";
            col.trait = name.substr(7);
            if (rules_.find_trait(col.trait) < 0) {
                s_.error(cell.mark, fmt::format("unknown trait '{}'{}", support::excerpt(col.trait),
                                                rules_.traits.empty() ? std::string("; the rule pack declares no traits")
                                                                      : support::did_you_mean(col.trait, trait_names_)));
                ok = false;
            }
        } else {
            s_.error(cell.mark, fmt::format("unknown column '{}' in the CSV file of {}{}{}", support::excerpt(name), key,
                                            has_traits ? " (traits are columns 'traits.NAME')" : "",
                                            support::did_you_mean(name, candidates)));
            ok = false;
            continue;
        }
        for (const CsvColumn& c : columns)
            if (c.key == col.key && c.trait == col.trait) {
                s_.error(cell.mark, fmt::format("column '{}' appears twice (first at column {})", support::excerpt(name),
                                                c.mark.column));
                ok = false;
            }
        columns.push_back(std::move(col));
    }
    return ok;
}

// One row as the node tree of a YAML item: a mapping of the non-empty cells
// (an empty cell is an absent key), lists split at ';', trait columns
// gathered under 'traits'.
const Node& ModelReader::csv_item(const CsvReadAhead& csv, const std::vector<CsvColumn>& columns) {
    tree_.reset();
    tree_.start(NodeKind::mapping, csv.mark(), {});
    const auto cells = csv.cells();
    bool traits_open = false;
    for (std::size_t k = 0; k < columns.size(); ++k) {
        const CsvColumn& col = columns[k];
        const CsvCell& cell = cells[k];
        if (cell.text.empty() || !col.trait.empty()) continue;
        tree_.scalar(col.mark, {}, col.key, true, false);
        if (!col.list) {
            tree_.scalar(cell.mark, {}, cell.text, true, false);
            continue;
        }
        tree_.start(NodeKind::sequence, cell.mark, {});
        std::size_t begin = 0;
        while (begin <= cell.text.size()) {
            std::size_t end = std::min(cell.text.find(';', begin), cell.text.size());
            std::string_view part = cell.text.substr(begin, end - begin);
            std::size_t lead = part.find_first_not_of(" \t");
            lead = lead == std::string_view::npos ? part.size() : lead;
            part.remove_prefix(lead);
            while (!part.empty() && (part.back() == ' ' || part.back() == '\t')) part.remove_suffix(1);
            // An empty item (`a;;b`, `a;`) is null, as an empty YAML list item is.
            tree_.scalar(cell.mark_of(begin + lead), {}, part, true, part.empty());
            begin = end + 1;
        }
        tree_.end();
    }
    for (std::size_t k = 0; k < columns.size(); ++k) {
        const CsvColumn& col = columns[k];
        if (col.trait.empty() || cells[k].text.empty()) continue;
        if (!traits_open) {
            tree_.scalar(col.mark, {}, "traits", true, false);
            tree_.start(NodeKind::mapping, cells[k].mark, {});
            traits_open = true;
        }
        tree_.scalar(col.mark, {}, col.trait, true, false);
        tree_.scalar(cells[k].mark, {}, cells[k].text, true, false);
    }
    if (traits_open) tree_.end();
    tree_.end();
    return tree_.root();
}

}  // namespace breachrank::io
