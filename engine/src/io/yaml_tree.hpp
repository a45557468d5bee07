// A small YAML node tree fed by parser events, shared by the two readers:
// libyaml (models, streamed one list item at a time) and yaml-cpp (rule packs
// and scenarios, one small document). Both produce the same nodes and the same
// diagnostics, so a user cannot tell which parser read a file.
//
// The tree is a pool of nodes reused between items: clearing keeps the
// capacity of every node's string and child vector, so streaming a model of
// 100,000 items does not allocate per item once warmed up.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "breachrank/diagnostic.hpp"

namespace breachrank::io {

enum class NodeKind : std::uint8_t { scalar, sequence, mapping };

struct Node {
    NodeKind kind = NodeKind::scalar;
    bool plain = true;   ///< scalar written without quotes (so `null`, numbers are recognised)
    bool null = false;   ///< plain scalar `~`, `null` or empty
    SourceMark mark;
    std::string value;  ///< scalar text
    /// Sequence: the items. Mapping: key, value, key, value, ...
    std::vector<std::uint32_t> children;
};

/// Thrown by the builder to stop reading a hostile or broken document at once;
/// the diagnostic has already been recorded.
struct AbortRead {};

/// Limits that make hostile inputs fail fast instead of exhausting time or memory.
struct TreeLimits {
    int max_depth = 64;                        ///< nesting of collections
    std::uint64_t max_alias_nodes = 100'000;   ///< nodes created by expanding aliases, per file
    /// Bytes of text created by expanding aliases, per file: a 1 MiB anchored
    /// scalar aliased 2,000 times is 2 GB from a 1 MB file, under the node limit.
    std::uint64_t max_alias_bytes = std::uint64_t{64} << 20;
    std::size_t max_scalar_length = 1 << 20;   ///< bytes in one scalar
};

class TreeBuilder {
public:
    TreeBuilder(std::string file, Diagnostics& diags, TreeLimits limits = {});

    // Events, in document order. `anchor` is empty when the node has none.
    void scalar(SourceMark mark, std::string_view anchor, std::string_view value, bool plain, bool null);
    void start(NodeKind kind, SourceMark mark, std::string_view anchor);
    void end();
    void alias(SourceMark mark, std::string_view anchor);

    /// True when a whole node has been built since the last reset().
    bool complete() const { return complete_; }
    /// The completed node, valid until reset().
    const Node& root() const { return nodes_[root_]; }
    const Node& node(std::uint32_t index) const { return nodes_[index]; }
    /// Forgets the built node (keeping the pool's capacity) and anchors stay known.
    void reset();
    /// Collections that enclose the nodes built next (a model streams list items
    /// two levels down); they count towards max_depth so that the limit means
    /// the same for every reader.
    void set_enclosing_depth(int depth) { enclosing_depth_ = depth; }
    /// The files that marks with file = 1, 2, ... are in (a model's CSV
    /// inventories), for the builder's own diagnostics.
    void set_other_files(const std::vector<std::string>* files) { others_ = files; }

    const std::string& file() const { return file_; }
    Diagnostics& diagnostics() { return diags_; }

private:
    std::uint32_t new_node(NodeKind kind, SourceMark mark, bool plain);
    void attach(std::uint32_t index);
    void finish_mapping(std::uint32_t index);
    void remember_anchor(std::string_view anchor, std::uint32_t index);
    std::uint32_t copy_from_store(std::uint32_t store_index, SourceMark mark);
    [[noreturn]] void abort(SourceMark mark, std::string message);

    const std::string& file_of(SourceMark mark) const {
        return mark.file > 0 && others_ && static_cast<std::size_t>(mark.file) <= others_->size()
                   ? (*others_)[static_cast<std::size_t>(mark.file) - 1]
                   : file_;
    }
    std::string file_;
    const std::vector<std::string>* others_ = nullptr;
    Diagnostics& diags_;
    TreeLimits limits_;
    std::vector<Node> nodes_;
    std::size_t used_ = 0;
    std::uint32_t root_ = 0;
    bool complete_ = false;
    int enclosing_depth_ = 0;
    struct Open {
        std::uint32_t index;
        std::string anchor;
    };
    std::vector<Open> stack_;
    // Anchored nodes are copied here when they complete, so an alias still
    // resolves after the item that defined the anchor has been reset.
    std::vector<Node> store_;
    std::map<std::string, std::uint32_t, std::less<>> anchors_;
    std::uint64_t alias_nodes_ = 0;
    std::uint64_t alias_bytes_ = 0;
};

}  // namespace breachrank::io
