// Small ImGui helpers shared by the viewer's panels.
#pragma once

#include <string>

#include <imgui.h>

namespace zhenmap {

// InputText over a std::string that grows as the user types.
bool inputString(const char* label, std::string& text, ImGuiInputTextFlags flags = 0);
// The same with a grey hint shown while the text is empty.
bool inputString(const char* label, const char* hint, std::string& text, ImGuiInputTextFlags flags = 0);

// 0xAABBGGRR (the renderer's Rgba) <-> ImGui's float colour.
ImVec4 toImVec4(unsigned int rgba);
unsigned int fromImVec4(const ImVec4& c);

}  // namespace zhenmap
