// A streaming JSON writer for the report formats: RapidJSON's PrettyWriter
// does the structure, the two-space indentation and the string escaping into
// a buffer that is handed to an output stream whenever it passes a megabyte,
// so a 100,000-vendor ranking (about 100 MB of JSON) is never held whole.
//
// Numbers are printed by fmt as the shortest text that reads back to the same
// double (Dragonbox: the digits the CSV format prints), with ".0" added to an
// integral value so that a reader sees a real number ("725.0", as the tree
// writer printed before). RapidJSON's own Grisu2 is not always shortest
// (0.15000000000000002 came out as 0.15000000000000003), hence RawValue.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

namespace breachrank::report {

class JsonWriter {
public:
    /// Writes to `out` as the buffer fills (flush() writes the rest); with no
    /// stream, everything stays in the buffer for take().
    explicit JsonWriter(std::ostream* out = nullptr);

    /// Places the writer inside `depth` levels of arrays, writing nothing:
    /// the next value is indented as an element at that depth and preceded by
    /// a line break (a comma, too, when `after_sibling`). Used to render a
    /// slice of a long array on its own thread, to be joined in order.
    void nest_in_arrays(int depth, bool after_sibling);

    void start_object() { w_.StartObject(); }
    void end_object() { w_.EndObject(); }
    void start_array() { w_.StartArray(); }
    void end_array() { w_.EndArray(); }
    void key(std::string_view k) { w_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); }

    void string(std::string_view s) { w_.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
    void text_or_null(const std::string& s);  ///< null for ""
    void number(double x);                    ///< null if not finite (the engine never reports one)
    void number_or_null(const std::optional<double>& x);
    void integer(std::int64_t x) { w_.Int64(x); }
    void unsigned_integer(std::uint64_t x) { w_.Uint64(x); }
    void integer_or_null(const std::optional<std::int64_t>& x);
    void boolean(bool b) { w_.Bool(b); }
    void null() { w_.Null(); }
    void strings(const std::vector<std::string>& items);

    /// An array whose elements the caller writes straight to the stream (see
    /// nest_in_arrays): writes "[" now; close_raw_array() writes the closing
    /// line. flush() first so the elements land after the "[".
    void open_raw_array();
    void close_raw_array(bool empty, int depth);

    /// Hands the buffer to the stream if it holds more than about a megabyte.
    void flush_if_full() {
        if (out_ && buffer_.GetSize() >= kFlushBytes) flush();
    }
    /// Hands the whole buffer to the stream.
    void flush();
    /// The buffered text (for a writer without a stream, or a slice's).
    std::string take();

    static constexpr std::size_t kFlushBytes = 1 << 20;

private:
    rapidjson::StringBuffer buffer_;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w_;
    std::ostream* out_;
};

}  // namespace breachrank::report
