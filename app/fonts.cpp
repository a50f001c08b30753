// Font atlas construction; see fonts.hpp.
#include "fonts.hpp"

#include <imgui.h>

#include <chrono>
#include <filesystem>

namespace zhenmap {

namespace {
double g_lastSeconds = 0.0;
int g_lastGlyphs = 0;

const char* cjkFontPath() {
  static const char* candidates[] = {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                                     "/usr/share/fonts/opentype/noto/NotoSansCJK-Medium.ttc"};
  for (const char* p : candidates) {
    if (std::filesystem::exists(p)) return p;
  }
  return nullptr;
}
}  // namespace

double lastUiFontSeconds() { return g_lastSeconds; }
int lastUiFontGlyphs() { return g_lastGlyphs; }

bool buildUiFont(const std::vector<std::string>& strings, float pixelSize) {
  const auto start = std::chrono::steady_clock::now();
  struct Timer {
    std::chrono::steady_clock::time_point start;
    ~Timer() {
      g_lastSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const ImFontAtlas* fonts = ImGui::GetIO().Fonts;
      g_lastGlyphs = fonts->Fonts.empty() ? 0 : fonts->Fonts[0]->Glyphs.Size;
    }
  } timer{start};
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
