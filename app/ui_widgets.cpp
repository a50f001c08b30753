// Small ImGui helpers; see ui_widgets.hpp.
#include "ui_widgets.hpp"

#include <algorithm>
#include <cmath>

namespace zhenmap {

namespace {
int resize(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* text = static_cast<std::string*>(data->UserData);
    text->resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = text->data();
  }
  return 0;
}
}  // namespace

bool inputString(const char* label, std::string& text, ImGuiInputTextFlags flags) {
  return ImGui::InputText(label, text.data(), text.capacity() + 1, flags | ImGuiInputTextFlags_CallbackResize, resize,
                          &text);
}

void centreNextWindow(float width, float height) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  if (width > 0.0f && height > 0.0f) {
    ImGui::SetNextWindowSize(ImVec2(std::min(width, vp->Size.x - 40), std::min(height, vp->Size.y - 80)),
                             ImGuiCond_Appearing);
  }
}

void applyWindowColours(ImGuiStyle& style, bool dark) {
  if (dark) {
    ImGui::StyleColorsDark(&style);
  } else {
    ImGui::StyleColorsLight(&style);
  }
  ImVec4* c = style.Colors;
  // Inputs: a white (light) or near-black (dark) field inside a mid-grey frame line; ImGui's
  // light theme drew white fields without a frame on white popups (issue 25).
  style.FrameBorderSize = 1.0f;
  c[ImGuiCol_Border] = dark ? ImVec4(0.55f, 0.55f, 0.60f, 1.0f) : ImVec4(0.45f, 0.45f, 0.48f, 1.0f);
  c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_FrameBg] = dark ? ImVec4(0.10f, 0.10f, 0.12f, 1.0f) : ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
  // Dialogs and popups on the window's own background colour, opaque; the window behind a modal
  // dialog dimmed.
  c[ImGuiCol_PopupBg] = dark ? ImVec4(0.12f, 0.12f, 0.14f, 1.0f) : ImVec4(0.94f, 0.94f, 0.94f, 1.0f);
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0.0f, 0.0f, 0.0f, 0.45f);
}

bool inputString(const char* label, const char* hint, std::string& text, ImGuiInputTextFlags flags) {
  return ImGui::InputTextWithHint(label, hint, text.data(), text.capacity() + 1,
                                  flags | ImGuiInputTextFlags_CallbackResize, resize, &text);
}

ImVec4 toImVec4(unsigned int c) {
  return ImVec4(static_cast<float>(c & 0xff) / 255.0f, static_cast<float>((c >> 8) & 0xff) / 255.0f,
                static_cast<float>((c >> 16) & 0xff) / 255.0f, static_cast<float>((c >> 24) & 0xff) / 255.0f);
}

unsigned int fromImVec4(const ImVec4& c) {
  auto byte = [](float f) { return static_cast<unsigned int>(std::lround(std::clamp(f, 0.0f, 1.0f) * 255.0f)); };
  return byte(c.x) | (byte(c.y) << 8) | (byte(c.z) << 16) | (byte(c.w) << 24);
}

}  // namespace zhenmap
