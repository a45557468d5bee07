// CSV inventories (a model's `entities: {csv: FILE}`, see README "CSV
// inventories"): records of cells, each cell with its exact line and column,
// parsed by libcsv (RFC 4180 quoting, strict: a stray quote is an error).
//
// libcsv reports fields but not where they are, so the text is fed one line at
// a time (a record ends at the line end libcsv reports it at) and a record's
// cell positions are worked out from its own bytes: the commas of a record
// without quotes, or, for a record with quotes, libcsv again fed byte by byte.
// That keeps the bulk parse at libcsv's speed and every diagnostic exact.
#pragma once

#include <csv.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "breachrank/diagnostic.hpp"
#include "io/read_ahead.hpp"

namespace breachrank::io {

struct CsvCell {
    std::string_view text;  ///< unquoted, surrounding spaces trimmed; valid until the next record
    SourceMark mark;        ///< the cell's first character after any spaces (its opening quote when quoted)
    bool quoted = false;
    std::string_view raw;   ///< the source from `mark` to the cell's end (quotes still doubled)

    /// The position of byte `offset` of `text` in the source: past the opening
    /// quote, counting a doubled quote as one byte of text and following line
    /// breaks inside a quoted cell.
    SourceMark mark_of(std::size_t offset) const;
};

class CsvReader {
public:
    /// Reads `text` (which must outlive the reader); marks carry `file`.
    CsvReader(std::string_view text, int file);
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    /// Advances to the next record; false at the end of the text or on
    /// malformed CSV (then failed() is true and error_mark()/error() say why).
    /// Lines holding only spaces are skipped.
    bool next();
    std::span<const CsvCell> cells() const { return cells_; }
    SourceMark mark() const { return record_mark_; }  ///< the record's first character

    bool failed() const { return !error_.empty(); }
    const std::string& error() const { return error_; }
    SourceMark error_mark() const { return error_mark_; }

private:
    static void on_field(void* data, std::size_t len, void* self);
    static void on_row(int terminator, void* self);
    void fail(std::size_t offset, std::string message);
    void place_cells(std::size_t record_end);

    std::string_view text_;
    int file_;
    csv_parser parser_{};
    std::size_t pos_ = 0;         // next byte to feed
    int line_ = 1;                // line of the byte at pos_
    std::size_t line_start_ = 0;  // offset of the line that holds pos_
    bool finished_ = false;

    // The record being read.
    bool in_record_ = false;
    std::size_t record_start_ = 0;
    int record_line_ = 0;
    std::size_t record_line_start_ = 0;
    int rows_ = 0;  // rows libcsv ended during the current feed
    std::size_t row_fields_ = 0;  // fields when the last row ended
    std::string buffer_;
    std::vector<std::pair<std::size_t, std::size_t>> fields_;  // (offset in buffer_, length)
    std::vector<CsvCell> cells_;
    SourceMark record_mark_;

    std::string error_;
    SourceMark error_mark_;
};

/// A CsvReader running one step ahead on a thread of its own: it parses and
/// places the cells of the next rows while the caller checks the current ones
/// (0.1 s of 0.5 s when loading the 100,000-supplier model; bench/results/scale.md).
/// Same interface and results as CsvReader.
class CsvReadAhead {
public:
    CsvReadAhead(std::string_view text, int file);

    bool next();
    std::span<const CsvCell> cells() const { return cells_; }
    SourceMark mark() const { return mark_; }
    bool failed() const { return !error_.empty(); }
    const std::string& error() const { return error_; }
    SourceMark error_mark() const { return error_mark_; }

private:
    struct Cell {
        std::size_t offset, length;
        SourceMark mark;
        bool quoted;
        std::string_view raw;  // into the caller's text, which outlives the reader
    };
    struct Row {
        std::size_t first, count;
        SourceMark mark;
    };
    struct Batch {
        std::string buffer;
        std::vector<Cell> cells;
        std::vector<Row> rows;
    };
    static constexpr std::size_t kRowsPerBatch = 4096;

    void produce(std::string_view text, int file, ReadAhead<Batch>& out);

    std::string pending_error_;  // the producer's, until the consumer reaches it
    SourceMark pending_error_mark_;
    Batch current_;
    std::size_t row_ = 0;
    std::vector<CsvCell> cells_;
    SourceMark mark_;
    std::string error_;
    SourceMark error_mark_;
    ReadAhead<Batch> ahead_;  // last: its thread starts once everything above exists
};

}  // namespace breachrank::io
