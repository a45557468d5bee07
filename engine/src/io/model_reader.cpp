// The model loader's event level: the top-level mapping, its sections and
// their lists (io/model_reader.hpp), and the public load_model_*().
#include "io/model_reader.hpp"

#include <fmt/format.h>

#include "io/input.hpp"
#include "support/did_you_mean.hpp"
#include "support/excerpt.hpp"

namespace breachrank::io {

std::optional<Model> ModelReader::read() {
    try {
        if (!stream()) return std::nullopt;
    } catch (const AbortRead&) {
        return std::nullopt;
    }
    if (diags_.full()) return std::nullopt;
    const std::size_t before = diags_.size();
    if (!resolved_) return std::nullopt;
    resolve();
    // Flows can be checked against coverage only when every reference and
    // every item resolved; otherwise they would report noise.
    if (before > 0 || !resolved_) return std::nullopt;
    check_flows();
    check_expressions();
    if (!diags_.empty()) return std::nullopt;
    return std::move(model_);
}

void ModelReader::next() {
    if (!events_.next()) {
        diags_.error(file_, events_.error_mark(), fmt::format("YAML syntax error: {}", events_.error()));
        throw AbortRead{};
    }
}

// Builds the node that starts at the current event into tree_.
const Node& ModelReader::build() {
    tree_.reset();
    while (true) {
        SourceMark m = events_.mark();
        switch (events_.type()) {
            case YAML_SCALAR_EVENT: {
                std::string_view v = events_.value();
                bool plain = events_.plain();
                bool null = plain && (v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL");
                tree_.scalar(m, events_.anchor(), v, plain, null);
                break;
            }
            case YAML_SEQUENCE_START_EVENT: tree_.start(NodeKind::sequence, m, events_.anchor()); break;
            case YAML_MAPPING_START_EVENT: tree_.start(NodeKind::mapping, m, events_.anchor()); break;
            case YAML_SEQUENCE_END_EVENT:
            case YAML_MAPPING_END_EVENT: tree_.end(); break;
            case YAML_ALIAS_EVENT: tree_.alias(m, events_.value()); break;
            default:
                diags_.error(file_, m, "unexpected YAML structure");
                throw AbortRead{};
        }
        if (tree_.complete()) return tree_.root();
        next();
    }
}

bool ModelReader::stream() {
    next();  // STREAM-START
    next();
    if (events_.type() == YAML_STREAM_END_EVENT) {
        diags_.error(file_, {1, 1}, "the file is empty; expected a model ('breachrank: model/1')");
        return false;
    }
    next();  // the root node
    if (events_.type() != YAML_MAPPING_START_EVENT) {
        const Node& root = build();
        s_.error(root, fmt::format("expected a model (a mapping starting 'breachrank: model/1'), found {}",
                                   describe(root)));
        return false;
    }
    SourceMark root_mark = events_.mark();
    std::unordered_map<std::string, SourceMark> seen;
    bool header = false;
    while (true) {
        next();
        if (events_.type() == YAML_MAPPING_END_EVENT) break;
        const Node& key_node = build();
        if (key_node.kind != NodeKind::scalar) {
            s_.error(key_node, "a mapping key must be a plain value, not a collection");
            throw AbortRead{};
        }
        std::string key = key_node.value;
        SourceMark key_mark = key_node.mark;
        if (auto [it, fresh] = seen.emplace(key, key_mark); !fresh)
            s_.error(key_mark, fmt::format("duplicate key '{}' (first at line {}, column {})", support::excerpt(key),
                                           it->second.line, it->second.column));
        next();
        if (key == "entities" || key == "populations" || key == "flows" || key == "access" || key == "segments") {
            section(key);
            continue;
        }
        const Node& value = build();
        if (key == "breachrank") {
            header = true;
            if (value.kind != NodeKind::scalar || value.value != "model/1") {
                std::string hint = value.kind == NodeKind::scalar && value.value == "rules/1"
                                       ? " (this is a rule pack; pass it with --rules)"
                                       : "";
                s_.error(value, fmt::format("expected 'breachrank: model/1', found {}{}", describe(value), hint));
                return false;
            }
        } else if (key == "name") {
            if (auto v = s_.string(value, "the model's name")) model_.name = *v;
        } else {
            // A misspelt section hides its ids: resolving references would
            // only repeat the mistake as "unknown entity" noise.
            resolved_ = false;
            s_.error(key_mark, fmt::format("unknown key '{}' in the model{}", support::excerpt(key),
                                           support::did_you_mean(key, {"breachrank", "name", "entities", "populations", "segments",
                                                                  "flows", "access"})));
        }
        if (diags_.full()) return false;
    }
    if (!header) s_.error(root_mark, "missing the header 'breachrank: model/1'");
    if (!seen.count("entities")) {
        s_.error(root_mark, "missing 'entities' in the model");
        resolved_ = false;
    }
    next();  // DOCUMENT-END
    next();
    if (events_.type() == YAML_DOCUMENT_START_EVENT) {
        diags_.error(file_, events_.mark(), "the file holds several YAML documents; a model is exactly one");
        return false;
    }
    return true;
}

void ModelReader::section(const std::string& key) {
    if (events_.type() != YAML_SEQUENCE_START_EVENT) {
        const Node& value = build();
        if (value.kind == NodeKind::mapping)
            csv_section(key, value);
        else if (!value.null)
            s_.error(value, fmt::format("expected '{}' to be a list or {{csv: FILE}}, found {}", key,
                                        describe(value)));
        return;
    }
    tree_.set_enclosing_depth(2);  // the root mapping and this list
    while (true) {
        next();
        if (events_.type() == YAML_SEQUENCE_END_EVENT) break;
        item(key, build());
    }
    tree_.set_enclosing_depth(1);
}

}  // namespace breachrank::io

namespace breachrank {

Loaded<Model> load_model_text(std::string_view text, const std::string& file_name, const RulePack& rules,
                              const ModelLoadOptions& options) {
    Loaded<Model> out;
    if (text.size() > options.max_file_size) {
        out.diagnostics.error(file_name, {},
                              fmt::format("the file is larger than the limit of {} bytes", options.max_file_size));
        return out;
    }
    if (!io::check_text(text, file_name, out.diagnostics)) return out;
    io::ModelReader reader(text, file_name, rules, out.diagnostics, options);
    auto model = reader.read();
    if (model && out.diagnostics.empty()) {
        if (model->name.empty()) model->name = file_name;
        out.value = std::move(model);
    }
    return out;
}

Loaded<Model> load_model_file(const std::string& path, const RulePack& rules, const ModelLoadOptions& options) {
    Loaded<Model> out;
    auto text = io::read_input(path, options.max_file_size, out.diagnostics);
    if (!text) return out;
    return load_model_text(*text, path, rules, options);
}

}  // namespace breachrank

