#include "io/yaml_tree.hpp"
#include "support/excerpt.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace breachrank::io {

TreeBuilder::TreeBuilder(std::string file, Diagnostics& diags, TreeLimits limits)
    : file_(std::move(file)), diags_(diags), limits_(limits) {}

void TreeBuilder::reset() {
    used_ = 0;
    complete_ = false;
    stack_.clear();
}

void TreeBuilder::abort(SourceMark mark, std::string message) {
    diags_.error(file_of(mark), mark, std::move(message));
    throw AbortRead{};
}

std::uint32_t TreeBuilder::new_node(NodeKind kind, SourceMark mark, bool plain) {
    if (complete_) reset();
    if (used_ == nodes_.size()) nodes_.emplace_back();
    Node& n = nodes_[used_];
    n.kind = kind;
    n.plain = plain;
    n.null = false;
    n.mark = mark;
    n.value.clear();
    n.children.clear();
    return static_cast<std::uint32_t>(used_++);
}

void TreeBuilder::attach(std::uint32_t index) {
    if (stack_.empty()) {
        root_ = index;
        complete_ = true;
    } else {
        nodes_[stack_.back().index].children.push_back(index);
    }
}

void TreeBuilder::scalar(SourceMark mark, std::string_view anchor, std::string_view value, bool plain,
                         bool null) {
    if (value.size() > limits_.max_scalar_length)
        abort(mark, fmt::format("a value of {} bytes is longer than the limit of {} bytes", value.size(),
                                limits_.max_scalar_length));
    std::uint32_t index = new_node(NodeKind::scalar, mark, plain);
    nodes_[index].value.assign(value);
    nodes_[index].null = null;
    if (!anchor.empty()) remember_anchor(anchor, index);
    attach(index);
}

void TreeBuilder::start(NodeKind kind, SourceMark mark, std::string_view anchor) {
    if (enclosing_depth_ + static_cast<int>(stack_.size()) >= limits_.max_depth)
        abort(mark, fmt::format("nesting deeper than {} levels", limits_.max_depth));
    std::uint32_t index = new_node(kind, mark, true);
    attach(index);
    complete_ = false;  // attach() marks a root complete; it is complete only at its end
    stack_.push_back(Open{index, std::string(anchor)});
}

void TreeBuilder::end() {
    Open open = std::move(stack_.back());
    stack_.pop_back();
    if (nodes_[open.index].kind == NodeKind::mapping) finish_mapping(open.index);
    if (!open.anchor.empty()) remember_anchor(open.anchor, open.index);
    complete_ = stack_.empty();
}

void TreeBuilder::finish_mapping(std::uint32_t index) {
    const std::vector<std::uint32_t>& kids = nodes_[index].children;
    std::vector<std::uint32_t> keys;
    keys.reserve(kids.size() / 2);
    for (std::size_t i = 0; i < kids.size(); i += 2) {
        const Node& key = nodes_[kids[i]];
        if (key.kind != NodeKind::scalar) abort(key.mark, "a mapping key must be a plain value, not a collection");
        keys.push_back(kids[i]);
    }
    if (keys.size() < 2) return;
    // Sort (stable, so the first occurrence comes first) rather than compare all
    // pairs: a mapping with many keys must not take quadratic time.
    std::stable_sort(keys.begin(), keys.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return nodes_[a].value < nodes_[b].value; });
    std::size_t first = 0;  // where the run of keys equal to keys[i] begins (no walking back: linear)
    for (std::size_t i = 1; i < keys.size(); ++i) {
        const Node& prev = nodes_[keys[i - 1]];
        const Node& cur = nodes_[keys[i]];
        if (prev.value != cur.value) first = i;
        if (prev.value == cur.value) {
            if (diags_.full()) continue;  // nothing more is reported: no message to build
            const Node& orig = nodes_[keys[first]];
            diags_.error(file_of(cur.mark), cur.mark,
                         fmt::format("duplicate key '{}' (first at line {}, column {})", support::excerpt(cur.value),
                                     orig.mark.line, orig.mark.column));
        }
    }
}

void TreeBuilder::remember_anchor(std::string_view anchor, std::uint32_t index) {
    // Copy the subtree into the store (depth is bounded by max_depth).
    struct Copier {
        const std::vector<Node>& from;
        std::vector<Node>& to;
        std::uint32_t copy(std::uint32_t i) {
            std::uint32_t out = static_cast<std::uint32_t>(to.size());
            to.push_back(Node{from[i].kind, from[i].plain, from[i].null, from[i].mark, from[i].value, {}});
            std::vector<std::uint32_t> kids;
            kids.reserve(from[i].children.size());
            for (std::uint32_t c : from[i].children) kids.push_back(copy(c));
            to[out].children = std::move(kids);
            return out;
        }
    } copier{nodes_, store_};
    std::uint32_t stored = copier.copy(index);
    auto it = anchors_.find(anchor);
    if (it == anchors_.end())
        anchors_.emplace(std::string(anchor), stored);
    else
        it->second = stored;  // YAML lets a later anchor of the same name override
}

std::uint32_t TreeBuilder::copy_from_store(std::uint32_t s, SourceMark mark) {
    if (++alias_nodes_ > limits_.max_alias_nodes)
        abort(mark, fmt::format("aliases expand to more than {} nodes (an alias bomb?)", limits_.max_alias_nodes));
    alias_bytes_ += store_[s].value.size();
    if (alias_bytes_ > limits_.max_alias_bytes)
        abort(mark, fmt::format("aliases expand to more than {} bytes of text (an alias bomb?)", limits_.max_alias_bytes));
    const Node& src = store_[s];
    std::uint32_t index = new_node(src.kind, src.mark, src.plain);
    nodes_[index].null = src.null;
    nodes_[index].value = src.value;
    for (std::uint32_t c : store_[s].children) {
        std::uint32_t child = copy_from_store(c, mark);
        nodes_[index].children.push_back(child);
    }
    return index;
}

void TreeBuilder::alias(SourceMark mark, std::string_view anchor) {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) abort(mark, fmt::format("alias '*{}' names no anchor defined before it", anchor));
    if (complete_) reset();
    std::uint32_t index = copy_from_store(it->second, mark);
    attach(index);
}

}  // namespace breachrank::io
