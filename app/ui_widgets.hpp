// Small ImGui helpers shared by the viewer's panels.
#pragma once

#include <string>

#include <imgui.h>

namespace zhenmap {

// InputText over a std::string that grows as the user types.
bool inputString(const char* label, std::string& text, ImGuiInputTextFlags flags = 0);
// The same with a grey hint shown while the text is empty.
bool inputString(const char* label, const char* hint, std::string& text, ImGuiInputTextFlags flags = 0);

// The next window (or dialog) opens centred on the main window, width x height at most (0: sized
// to its content), never larger than the main window less a margin.
void centreNextWindow(float width = 0.0f, float height = 0.0f);

// The window's colours, light (the editing window) or dark (presentation mode): every input and
// button has a visible frame against the window or dialog behind it, popups and dialogs are
// opaque, and a modal dialog dims the window behind. Sizes are left as they are.
void applyWindowColours(ImGuiStyle& style, bool dark);

// 0xAABBGGRR (the renderer's Rgba) <-> ImGui's float colour.
ImVec4 toImVec4(unsigned int rgba);
unsigned int fromImVec4(const ImVec4& c);

}  // namespace zhenmap
