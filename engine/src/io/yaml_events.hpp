// libyaml's event stream, read one step ahead on a thread of its own: the
// model loader's input. Each event's text lives in a batch owned by this
// class, so the reader never touches libyaml's allocations.
#pragma once

#include <yaml.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "breachrank/diagnostic.hpp"
#include "io/read_ahead.hpp"

namespace breachrank::io {

inline SourceMark to_mark(const yaml_mark_t& m) {
    return SourceMark{static_cast<int>(m.line) + 1, static_cast<int>(m.column) + 1};
}

// Pull interface over libyaml's parser, which runs one step ahead on a thread
// of its own: it scans the next events while the reader checks and stores the
// current item. libyaml's scanning, and its malloc and free of every token and
// event, were most of the 1.3 s load of the 100,000-supplier model
// (bench/results/profile.md); the parser thread also copies each event's text
// into a batch and frees the event itself, so every libyaml allocation lives
// and dies on one thread and the reader allocates nothing per event.
class Events {
public:
    explicit Events(std::string_view text) : ahead_([this, text](ReadAhead<Batch>& out) { produce(text, out); }) {}

    /// The next event; false on a syntax error (see error()/error_mark()).
    bool next() {
        if (pos_ + 1 < current_.events.size()) {
            ++pos_;
            return true;
        }
        pos_ = 0;
        return ahead_.take(current_);  // false: the parser stopped at a syntax error
    }
    yaml_event_type_t type() const { return event().type; }
    SourceMark mark() const { return event().mark; }
    /// A scalar's text, or an alias's anchor.
    std::string_view value() const { return text(event().value, event().value_length); }
    bool plain() const { return event().plain; }
    /// The anchor of a scalar, sequence or mapping ("" when none).
    std::string_view anchor() const { return text(event().anchor, event().anchor_length); }
    const std::string& error() const { return error_; }
    SourceMark error_mark() const { return error_mark_; }

private:
    struct Event {
        yaml_event_type_t type;
        bool plain;
        SourceMark mark;
        std::uint32_t value, value_length, anchor, anchor_length;  // in the batch's text
    };
    struct Batch {
        std::vector<Event> events;
        std::string text;
    };
    static constexpr std::size_t kBatch = 4096;

    const Event& event() const { return current_.events[pos_]; }
    std::string_view text(std::uint32_t at, std::uint32_t length) const {
        return std::string_view(current_.text).substr(at, length);
    }

    // On the parser thread.
    void produce(std::string_view input, ReadAhead<Batch>& out) {
        struct Parser {
            yaml_parser_t p{};
            Parser() { yaml_parser_initialize(&p); }
            ~Parser() { yaml_parser_delete(&p); }
        } parser;
        yaml_parser_set_input_string(&parser.p, reinterpret_cast<const unsigned char*>(input.data()), input.size());
        Batch batch;
        auto add = [&](const yaml_char_t* p, std::size_t n) {
            const auto at = static_cast<std::uint32_t>(batch.text.size());
            if (p) batch.text.append(reinterpret_cast<const char*>(p), n);
            return at;
        };
        auto length = [](const yaml_char_t* p) { return p ? std::strlen(reinterpret_cast<const char*>(p)) : 0; };
        while (true) {
            yaml_event_t e;
            if (!yaml_parser_parse(&parser.p, &e)) {
                // Read by the reader only after take() has returned false.
                const yaml_parser_t& p = parser.p;
                error_ = p.problem ? p.problem : "invalid YAML";
                if (p.context) {
                    SourceMark c = to_mark(p.context_mark);
                    error_ = fmt::format("{} {} (which started at line {}, column {})", error_, p.context, c.line,
                                         c.column);
                }
                error_mark_ = to_mark(p.problem_mark);
                break;
            }
            Event ev{e.type, false, to_mark(e.start_mark), 0, 0, 0, 0};
            const yaml_char_t* anchor = nullptr;
            if (e.type == YAML_SCALAR_EVENT) {
                ev.value = add(e.data.scalar.value, e.data.scalar.length);
                ev.value_length = static_cast<std::uint32_t>(e.data.scalar.length);
                ev.plain = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
                anchor = e.data.scalar.anchor;
            } else if (e.type == YAML_SEQUENCE_START_EVENT) {
                anchor = e.data.sequence_start.anchor;
            } else if (e.type == YAML_MAPPING_START_EVENT) {
                anchor = e.data.mapping_start.anchor;
            } else if (e.type == YAML_ALIAS_EVENT) {
                ev.value_length = static_cast<std::uint32_t>(length(e.data.alias.anchor));
                ev.value = add(e.data.alias.anchor, ev.value_length);
            }
            ev.anchor_length = static_cast<std::uint32_t>(length(anchor));
            ev.anchor = add(anchor, ev.anchor_length);
            yaml_event_delete(&e);
            batch.events.push_back(ev);
            if (ev.type == YAML_STREAM_END_EVENT) break;
            if (batch.events.size() >= kBatch && !out.give(batch)) return;
        }
        if (!batch.events.empty()) out.give(batch);
    }

    std::string error_;
    SourceMark error_mark_;
    Batch current_;
    std::size_t pos_ = 0;
    ReadAhead<Batch> ahead_;  // last: its thread starts once everything above exists
};

}  // namespace breachrank::io
