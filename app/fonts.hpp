// The UI font: Noto Sans CJK SC (Debian's fonts-noto-cjk) with glyph ranges built from exactly the
// strings in use, so Chinese UI text and data names render without a huge atlas.
#pragma once

#include <string>
#include <vector>

namespace zhenmap {

// Rebuilds ImGui's font atlas for the given strings (plus ASCII). Call on the GL thread, outside
// NewFrame/Render; the caller recreates the backend's font texture afterwards.
// Returns false (and keeps ImGui's default font) when the CJK font file is missing.
bool buildUiFont(const std::vector<std::string>& strings, float pixelSize);

// Seconds the last buildUiFont took and how many glyphs its atlas holds (launch timing log).
double lastUiFontSeconds();
int lastUiFontGlyphs();

}  // namespace zhenmap
