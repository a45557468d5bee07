#include "support/excerpt.hpp"

#include <fmt/format.h>

namespace breachrank::support {

std::string excerpt(std::string_view text, std::size_t max) {
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++chars) {
        if (chars == max) return out + "...";
        const auto c = static_cast<unsigned char>(text[i]);
        // A UTF-8 character is copied whole (its continuation bytes follow it).
        std::size_t len = 1;
        if (c >= 0xC0) len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (c >= 0x80) {
            out.append(text.substr(i, len));
            i += len;
            continue;
        }
        switch (c) {
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            case '\\': out += "\\\\"; break;
            case '\'': out += "\\'"; break;
            default:
                if (c < 0x20 || c == 0x7F)
                    out += fmt::format("\\x{:02x}", c);
                else
                    out += static_cast<char>(c);
        }
        ++i;
    }
    return out;
}

}  // namespace breachrank::support
