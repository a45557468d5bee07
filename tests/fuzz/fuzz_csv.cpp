// The CSV inventory reader (libcsv, cell positions, the read-ahead thread) on
// arbitrary bytes: the plain and the read-ahead readers must agree row by row,
// cell by cell, and every position must lie inside the text.
#include <cstdlib>

#include "common.hpp"
#include "io/csv_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    breachrank::io::CsvReader plain(text, 1);
    breachrank::io::CsvReadAhead ahead(text, 1);
    const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
    while (plain.next()) {
        if (!ahead.next() || ahead.cells().size() != plain.cells().size()) std::abort();
        for (std::size_t k = 0; k < plain.cells().size(); ++k) {
            const auto& a = plain.cells()[k];
            const auto& b = ahead.cells()[k];
            if (a.text != b.text || a.mark.line != b.mark.line || a.mark.column != b.mark.column) std::abort();
            if (a.mark.line < 1 || a.mark.line > lines || a.mark.column < 1 || a.mark.file != 1) std::abort();
        }
    }
    if (ahead.next() || plain.failed() != ahead.failed()) std::abort();
    if (plain.failed() && (plain.error_mark().line < 1 || plain.error_mark().line > lines || plain.error().empty()))
        std::abort();
    return 0;
}
