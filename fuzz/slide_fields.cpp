// The text fields of a slide as a project file stores them (store/meeting.hpp): the visible-layer
// list and the filters JSON. Input: the list, '\n', the filters. Promises: the list splits into
// non-empty items without commas that join back to the list minus empty items; the filters give
// a map of strings or a DataError.
#include "store/meeting.hpp"
#include "support/fuzz_target.hpp"

ZHENMAP_FUZZ_TARGET(slide_fields) {
  using namespace zhenmap;
  using fuzz::check;
  const auto [list, filters] = fuzz::splitOnce(input, '\n');
  const std::string listText(list);
  const std::vector<std::string> items = store::splitList(listText);
  std::string joined, expected;
  for (const std::string& item : items) {
    check(!item.empty() && item.find(',') == std::string::npos, "a list item is empty or holds a comma");
    joined += item;
  }
  for (char c : listText) {
    if (c != ',') expected += c;
  }
  check(joined == expected, "the list items do not add up to the list");
  try {
    const auto parsed = store::parseSlideFilters(std::string(filters), {"fuzz.sqlite", "slides", 1});
    for (const auto& [layer, expression] : parsed)
      check(fuzz::validUtf8(layer) && fuzz::validUtf8(expression), "not UTF-8");
  } catch (const DataError&) {
  }
}
