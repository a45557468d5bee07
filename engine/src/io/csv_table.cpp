#include "io/csv_table.hpp"

#include <cstring>

namespace breachrank::io {

namespace {

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// The position of `offset`, walking from a known line start.
SourceMark walk(std::string_view text, std::size_t from, int line, std::size_t offset, int file) {
    std::size_t line_start = from;
    for (std::size_t i = from; i < offset; ++i)
        if (text[i] == '\n') ++line, line_start = i + 1;
    int column = 1;
    for (std::size_t i = line_start; i < offset; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;  // characters, not bytes (as libyaml)
    return SourceMark{line, column, file};
}

}  // namespace

SourceMark CsvCell::mark_of(std::size_t offset) const {
    SourceMark m = mark;
    std::size_t i = 0;
    if (quoted) ++i, ++m.column;
    for (std::size_t at = 0; at < offset && i < raw.size(); ++at, ++i) {
        if (quoted && raw[i] == '"') {  // a doubled quote: one byte of text, two characters of source
            ++i;
            m.column += 2;
            continue;
        }
        if (raw[i] == '\n') {
            ++m.line;
            m.column = 1;
        } else if ((static_cast<unsigned char>(raw[i]) & 0xC0) != 0x80) {
            ++m.column;
        }
    }
    return m;
}

CsvReader::CsvReader(std::string_view text, int file) : text_(text), file_(file) {
    // Strict: a quote inside an unquoted cell, text after a closing quote and an
    // unclosed quote at the end are errors, not silently repaired.
    csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI);
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = line_start_ = 3;  // spreadsheets write a BOM
}

CsvReader::~CsvReader() { csv_free(&parser_); }

void CsvReader::on_field(void* data, std::size_t len, void* self) {
    auto* r = static_cast<CsvReader*>(self);
    r->fields_.emplace_back(r->buffer_.size(), len);
    if (len) r->buffer_.append(static_cast<const char*>(data), len);
}

void CsvReader::on_row(int, void* self) {
    auto* r = static_cast<CsvReader*>(self);
    ++r->rows_;
    r->row_fields_ = r->fields_.size();
}

void CsvReader::fail(std::size_t offset, std::string message) {
    error_ = std::move(message);
    error_mark_ = in_record_ ? walk(text_, record_line_start_, record_line_, offset, file_)
                             : walk(text_, line_start_, line_, offset, file_);
    finished_ = true;
}

bool CsvReader::next() {
    cells_.clear();
    while (!finished_) {
        if (pos_ >= text_.size()) {
            rows_ = 0;
            if (csv_fini(&parser_, on_field, on_row, this) != 0) {
                fail(record_start_, "a quoted cell is not closed before the end of the file");
                return false;
            }
            finished_ = true;
            if (rows_ == 0) return false;
            place_cells(text_.size());
            return true;
        }
        const char* nl = static_cast<const char*>(std::memchr(text_.data() + pos_, '\n', text_.size() - pos_));
        const std::size_t end = nl ? static_cast<std::size_t>(nl - text_.data()) + 1 : text_.size();
        const std::string_view chunk = text_.substr(pos_, end - pos_);
        if (!in_record_) {
            if (blank(chunk)) {
                pos_ = end;
                if (nl) ++line_, line_start_ = end;
                continue;
            }
            in_record_ = true;
            record_start_ = pos_;
            record_line_ = line_;
            record_line_start_ = line_start_;
            buffer_.clear();
            fields_.clear();
        }
        rows_ = 0;
        const std::size_t used = csv_parse(&parser_, chunk.data(), chunk.size(), on_field, on_row, this);
        if (used != chunk.size()) {
            fail(pos_ + used, "malformed CSV: a quote inside an unquoted cell, or text after a closing quote "
                              "(a cell with quotes must be quoted whole, its quotes doubled)");
            return false;
        }
        // A row that ended before the line did (at a lone carriage return) and
        // left text behind for the next one.
        if (rows_ > 1 || (rows_ == 1 && (fields_.size() != row_fields_ || parser_.pstate != 0))) {
            fail(pos_, "a carriage return ends a row in the middle of a line; save the file with LF or CRLF line "
                       "endings");
            return false;
        }
        pos_ = end;
        if (nl) ++line_, line_start_ = end;
        if (rows_ == 1) {
            place_cells(end);
            in_record_ = false;
            return true;
        }
    }
    return false;
}

void CsvReader::place_cells(std::size_t record_end) {
    const std::string_view record = text_.substr(record_start_, record_end - record_start_);
    std::vector<std::size_t> starts{record_start_};
    if (record.find('"') == std::string_view::npos) {
        // Without quotes every comma separates two cells.
        for (std::size_t i = 0; i < record.size(); ++i)
            if (record[i] == ',') starts.push_back(record_start_ + i + 1);
    } else {
        // libcsv again, one byte at a time: a cell ends at the comma it reports it at.
        csv_parser p{};
        csv_init(&p, 0);
        bool ended = false;
        auto field = [](void*, std::size_t, void* flag) { *static_cast<bool*>(flag) = true; };
        for (std::size_t i = 0; i < record.size(); ++i) {
            ended = false;
            csv_parse(&p, record.data() + i, 1, field, nullptr, &ended);
            if (ended && record[i] == ',') starts.push_back(record_start_ + i + 1);
        }
        csv_free(&p);
    }
    if (starts.size() != fields_.size()) starts.assign(fields_.size(), record_start_);  // cannot happen; stay safe
    // A cell's text begins after the spaces libcsv drops; it ends at the comma
    // before the next cell (or at the record's end).
    std::vector<std::size_t> ends(starts.size());
    for (std::size_t k = 0; k < starts.size(); ++k) {
        ends[k] = k + 1 < starts.size() ? std::max(starts[k], starts[k + 1] - 1) : record_end;
        while (starts[k] < ends[k] && (text_[starts[k]] == ' ' || text_[starts[k]] == '\t')) ++starts[k];
    }
    // One walk over the record's bytes places every cell.
    cells_.resize(fields_.size());
    int line = record_line_, column = 1;
    std::size_t i = record_line_start_;
    for (std::size_t k = 0; k < fields_.size(); ++k) {
        for (; i < starts[k]; ++i) {
            if (text_[i] == '\n') ++line, column = 1;
            else if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;  // characters, as libyaml counts
        }
        if (k == 0) record_mark_ = SourceMark{line, column, file_};
        cells_[k] = CsvCell{std::string_view(buffer_).substr(fields_[k].first, fields_[k].second),
                            SourceMark{line, column, file_}, starts[k] < ends[k] && text_[starts[k]] == '"',
                            text_.substr(starts[k], ends[k] - starts[k])};
    }
    if (fields_.empty()) record_mark_ = walk(text_, record_line_start_, record_line_, record_start_, file_);
}

CsvReadAhead::CsvReadAhead(std::string_view text, int file)
    : ahead_([this, text, file](ReadAhead<Batch>& out) { produce(text, file, out); }) {}

// On the reader thread.
void CsvReadAhead::produce(std::string_view text, int file, ReadAhead<Batch>& out) {
    CsvReader reader(text, file);
    Batch batch;
    while (reader.next()) {
        batch.rows.push_back(Row{batch.cells.size(), reader.cells().size(), reader.mark()});
        for (const CsvCell& c : reader.cells()) {
            batch.cells.push_back(Cell{batch.buffer.size(), c.text.size(), c.mark, c.quoted, c.raw});
            batch.buffer += c.text;
        }
        if (batch.rows.size() >= kRowsPerBatch && !out.give(batch)) return;
    }
    if (!batch.rows.empty() && !out.give(batch)) return;
    pending_error_ = reader.error();  // read by next() only after take() has returned false
    pending_error_mark_ = reader.error_mark();
}

bool CsvReadAhead::next() {
    cells_.clear();
    if (row_ >= current_.rows.size()) {
        row_ = 0;
        if (!ahead_.take(current_)) {
            error_ = pending_error_;
            error_mark_ = pending_error_mark_;
            return false;
        }
    }
    const Row& r = current_.rows[row_++];
    mark_ = r.mark;
    for (std::size_t k = r.first; k < r.first + r.count; ++k) {
        const Cell& c = current_.cells[k];
        cells_.push_back(CsvCell{std::string_view(current_.buffer).substr(c.offset, c.length), c.mark, c.quoted, c.raw});
    }
    return true;
}

}  // namespace breachrank::io
