// Font atlas construction; see fonts.hpp.
#include "fonts.hpp"

#include <imgui.h>

#include <filesystem>

namespace zhenmap {

namespace {
const char* cjkFontPath() {
  static const char* candidates[] = {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                                     "/usr/share/fonts/opentype/noto/NotoSansCJK-Medium.ttc"};
  for (const char* p : candidates) {
    if (std::filesystem::exists(p)) return p;
  }
  return nullptr;
}
}  // namespace

bool buildUiFont(const std::vector<std::string>& strings, float pixelSize) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const char* path = cjkFontPath();
  if (!path) {
    io.Fonts->AddFontDefault();
    io.Fonts->Build();
    return false;
  }
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
  for (const std::string& s : strings) builder.AddText(s.c_str(), s.c_str() + s.size());
  // The ranges must outlive the atlas build; keep the latest set alive.
  static ImVector<ImWchar> ranges;
  ranges.clear();
  builder.BuildRanges(&ranges);
  ImFontConfig cfg;
  cfg.FontNo = 2;  // Simplified Chinese face of the collection (0 is Japanese)
  cfg.OversampleH = 1;
  cfg.PixelSnapH = true;
  io.Fonts->AddFontFromFileTTF(path, pixelSize, &cfg, ranges.Data);
  io.Fonts->Build();
  return true;
}

}  // namespace zhenmap
