// Layer styles as JSON (render/style_json.hpp): saved in project metadata, exchanged as files,
// pasted into the style editor. Promises: any text gives a style or std::invalid_argument; a
// style that loads saves to JSON that loads again into the same style (same JSON once more).
#include <stdexcept>

#include "style_json.hpp"
#include "support/fuzz_target.hpp"

ZHENMAP_FUZZ_TARGET(style_json) {
  using namespace zhenmap;
  LayerStyle style;
  try {
    style = styleFromJson(std::string(input));
  } catch (const std::invalid_argument& e) {
    fuzz::check(fuzz::validUtf8(e.what()) || !fuzz::validUtf8(input), "the error message is not UTF-8");
    return;
  }
  const std::string saved = styleToJson(style);
  LayerStyle reloaded;
  try {
    reloaded = styleFromJson(saved);
  } catch (const std::invalid_argument& e) {
    fuzz::fail(std::string("a loaded style saves to JSON that does not load: ") + e.what() + "\n" + saved);
  }
  fuzz::check(styleToJson(reloaded) == saved, "a style changes when saved and loaded again:\n" + saved);
}
