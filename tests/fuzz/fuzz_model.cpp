// The model loader (libyaml stream, validation) on arbitrary bytes.
#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto loaded = breachrank::load_model_text(text, "fuzz.yaml", breachrank::default_rules());
    fuzz::check_failure_explained(loaded);
    return 0;
}
