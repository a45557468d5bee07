#include "io/input.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace breachrank::io {

std::optional<std::string> read_input(const std::string& path, std::uint64_t max_size, Diagnostics& diags) {
    std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (!f) {
        diags.error(path, {}, fmt::format("cannot open: {}", std::strerror(errno)));
        return std::nullopt;
    }
    std::string text;
    // Reserve a regular file's size up front: no regrowth copies for large models.
    if (f != stdin && std::fseek(f, 0, SEEK_END) == 0) {
        long size = std::ftell(f);
        if (size > 0 && static_cast<std::uint64_t>(size) <= max_size) text.reserve(static_cast<std::size_t>(size));
        std::rewind(f);
    }
    char buf[1 << 16];
    bool too_big = false;
    while (true) {
        std::size_t n = std::fread(buf, 1, sizeof buf, f);
        if (n == 0) break;
        if (text.size() + n > max_size) {
            too_big = true;
            break;
        }
        text.append(buf, n);
    }
    bool failed = std::ferror(f) != 0 && !too_big;
    int err = errno;
    if (f != stdin) std::fclose(f);
    if (too_big) {
        diags.error(path, {}, fmt::format("the file is larger than the limit of {} bytes", max_size));
        return std::nullopt;
    }
    if (failed) {
        diags.error(path, {}, fmt::format("cannot read: {}", std::strerror(err)));
        return std::nullopt;
    }
    return text;
}

namespace {

// Line and column (in characters) of byte `offset`; computed only for an error.
SourceMark position_of(std::string_view text, std::size_t offset) {
    SourceMark m{1, 1};
    for (std::size_t i = 0; i < offset; ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++m.line;
            m.column = 1;
        } else if ((c & 0xC0) != 0x80) {  // count characters, not continuation bytes
            ++m.column;
        }
    }
    return m;
}

}  // namespace

bool check_text(std::string_view text, const std::string& file, Diagnostics& diags) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    for (std::size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c == 0) {
                diags.error(file, position_of(text, i), "the file contains a NUL byte; is it a text file?");
                return false;
            }
            ++i;
            continue;
        }
        // Multi-byte sequence: validate lead byte, length, continuation bytes,
        // overlongs and surrogates (RFC 3629).
        std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
        bool ok = len != 0 && c >= 0xC2 && c <= 0xF4 && i + len <= n;
        for (std::size_t k = 1; ok && k < len; ++k) ok = (s[i + k] & 0xC0) == 0x80;
        if (ok && len == 3) {
            unsigned char c1 = s[i + 1];
            ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
        }
        if (ok && len == 4) {
            unsigned char c1 = s[i + 1];
            ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
        }
        if (!ok) {
            diags.error(file, position_of(text, i), "invalid UTF-8 byte sequence; files must be UTF-8 text");
            return false;
        }
        i += len;
    }
    return true;
}

namespace {

SourceMark to_mark(const YAML::Mark& m) { return SourceMark{m.line + 1, m.column + 1}; }

// Feeds yaml-cpp events into a TreeBuilder. yaml-cpp numbers anchors; their
// decimal text is the anchor's name in the builder.
class Handler final : public YAML::EventHandler {
public:
    explicit Handler(TreeBuilder& tree) : tree_(tree) {}
    int documents = 0;
    SourceMark second_document;

    void OnDocumentStart(const YAML::Mark& mark) override {
        if (++documents == 2) second_document = to_mark(mark);
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        tree_.scalar(to_mark(mark), name(anchor), "", true, true);
    }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override { tree_.alias(to_mark(mark), name(anchor)); }
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        // yaml-cpp tags plain scalars "?" and quoted or block scalars "!".
        bool plain = tag != "!";
        bool null = plain && (value == "~" || value == "null" || value == "Null" || value == "NULL");
        tree_.scalar(to_mark(mark), name(anchor), value, plain, null);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        tree_.start(NodeKind::sequence, to_mark(mark), name(anchor));
    }
    void OnSequenceEnd() override { tree_.end(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        tree_.start(NodeKind::mapping, to_mark(mark), name(anchor));
    }
    void OnMapEnd() override { tree_.end(); }

private:
    static std::string name(YAML::anchor_t a) { return a == YAML::NullAnchor ? std::string() : std::to_string(a); }
    TreeBuilder& tree_;
};

}  // namespace

bool read_yaml_document(std::string_view text, TreeBuilder& tree) {
    Diagnostics& diags = tree.diagnostics();
    std::istringstream in{std::string(text)};
    Handler handler(tree);
    try {
        YAML::Parser parser(in);
        while (parser.HandleNextDocument(handler)) {
            if (handler.documents >= 2) {
                diags.error(tree.file(), handler.second_document,
                            "the file holds several YAML documents; breachrank reads exactly one");
                return false;
            }
        }
    } catch (const AbortRead&) {
        return false;
    } catch (const YAML::DeepRecursion& e) {
        diags.error(tree.file(), to_mark(e.mark), "nesting too deep");
        return false;
    } catch (const YAML::ParserException& e) {
        diags.error(tree.file(), to_mark(e.mark), fmt::format("YAML syntax error: {}", e.msg));
        return false;
    }
    if (handler.documents == 0 || !tree.complete()) {
        diags.error(tree.file(), {1, 1}, "the file is empty; expected a YAML document");
        return false;
    }
    return true;
}

}  // namespace breachrank::io
