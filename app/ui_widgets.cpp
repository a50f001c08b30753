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
