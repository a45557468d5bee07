#include "report/json_writer.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace breachrank::report {

JsonWriter::JsonWriter(std::ostream* out) : w_(buffer_), out_(out) { w_.SetIndent(' ', 2); }

void JsonWriter::nest_in_arrays(int depth, bool after_sibling) {
    for (int i = 0; i < depth; ++i) w_.StartArray();
    buffer_.Clear();  // the writer keeps the levels; their brackets are dropped
    if (after_sibling) buffer_.Put(',');
}

void JsonWriter::text_or_null(const std::string& s) {
    if (s.empty())
        w_.Null();
    else
        string(s);
}

void JsonWriter::number(double x) {
    if (!std::isfinite(x)) {  // unreachable: score() refuses non-finite figures (SPEC §6)
        w_.Null();
        return;
    }
    char text[40];
    char* end = fmt::format_to(text, "{}", x);
    if (std::none_of(text, end, [](char c) { return c == '.' || c == 'e'; })) {
        *end++ = '.';
        *end++ = '0';
    }
    w_.RawValue(text, static_cast<std::size_t>(end - text), rapidjson::kNumberType);
}

void JsonWriter::number_or_null(const std::optional<double>& x) {
    if (x)
        number(*x);
    else
        w_.Null();
}

void JsonWriter::integer_or_null(const std::optional<std::int64_t>& x) {
    if (x)
        w_.Int64(*x);
    else
        w_.Null();
}

void JsonWriter::strings(const std::vector<std::string>& items) {
    w_.StartArray();
    for (const std::string& s : items) string(s);
    w_.EndArray();
}

void JsonWriter::open_raw_array() {
    w_.RawValue("[", 1, rapidjson::kArrayType);
    flush();
}

void JsonWriter::close_raw_array(bool empty, int depth) {
    // As PrettyWriter closes a non-empty array: a line break and the parent's indentation.
    if (!empty) {
        buffer_.Put('\n');
        for (int i = 0; i < 2 * depth; ++i) buffer_.Put(' ');
    }
    buffer_.Put(']');
}

void JsonWriter::flush() {
    if (!out_ || buffer_.GetSize() == 0) return;
    out_->write(buffer_.GetString(), static_cast<std::streamsize>(buffer_.GetSize()));
    buffer_.Clear();
}

std::string JsonWriter::take() {
    std::string s(buffer_.GetString(), buffer_.GetSize());
    buffer_.Clear();
    return s;
}

}  // namespace breachrank::report
