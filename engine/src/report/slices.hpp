// Long listings (a ranking of 100,000 vendors) are rendered in slices on two
// threads and written in order as they complete, so neither the text nor a
// document tree is ever held whole: memory stays at a few slices whatever the
// size, and the formatting runs on both cores while the stream absorbs it.
#pragma once

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>

namespace breachrank::report {

/// Renders items [0, count) in slices of `slice` items (render(begin, end,
/// text) appends the slice's text) and writes each slice to `out` in order.
/// Slices alternate between this thread and one helper (a single thread when
/// there is one core or no thread to be had); at most two finished slices wait.
/// An exception from `render` reaches the caller after the helper has stopped.
void write_in_slices(std::ostream& out, std::size_t count, std::size_t slice,
                     const std::function<void(std::size_t begin, std::size_t end, std::string& text)>& render);

}  // namespace breachrank::report
