// The log panel: what the window did and what went wrong (loading, saving, styles, bookmarks), newest
// last. Messages name files, layers and counts, never attribute values, so no personal data
// reaches it. Ctrl+L shows or hides it.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <nlohmann/json.hpp>

#include "i18n.hpp"
#include "viewer.hpp"

namespace zhenmap {
namespace {

const UiText kLog{"日志", "Log"};
const UiText kClear{"清空", "Clear"};
const UiText kInfo{"信息", "Info"};
const UiText kWarning{"警告", "Warning"};
const UiText kError{"错误", "Error"};
ZHENMAP_UI_TEXTS(kLog, kClear, kInfo, kWarning, kError)

class LogPanel : public Panel {
 public:
  LogPanel() { setOpen(false); }
  const char* title() const override { return tr(kLog); }
  int order() const override { return 50; }
  Dock dock() const override { return Dock::Bottom; }

  bool onKey(Viewer&, int key, int mods) override {
    if (key != GLFW_KEY_L || !(mods & GLFW_MOD_CONTROL)) return false;
    setOpen(!open());
    return true;
  }

  void update(Viewer& v) override {
    // An error opens the log once, so the user sees the whole message.
    std::size_t errors = 0;
    for (const LogEntry& e : v.logEntries()) errors += e.level == LogLevel::Error ? 1 : 0;
    if (errors > m_errorsSeen) v.focusPanel(*this);
    m_errorsSeen = errors;
  }

  void writeState(const Viewer& v, nlohmann::json& s) const override {
    std::size_t errors = 0;
    for (const LogEntry& e : v.logEntries()) errors += e.level == LogLevel::Error ? 1 : 0;
    s["log"] = {{"entries", v.logEntries().size() - m_cleared}, {"errors", errors}, {"open", open()}};
  }

  void draw(Viewer& v) override {
    const std::string name = std::string(tr(kLog)) + "###log";
    if (!v.beginPanel(*this, name)) {
      v.endPanel(*this);
      return;
    }
    if (ImGui::SmallButton(tr(kClear))) m_cleared = v.logEntries().size();
    ImGui::BeginChild("##entries");
    const auto& entries = v.logEntries();
    for (std::size_t i = m_cleared; i < entries.size(); ++i) {
      const LogEntry& e = entries[i];
      const ImVec4 colour = e.level == LogLevel::Error     ? ImVec4(0.75f, 0.1f, 0.1f, 1)
                            : e.level == LogLevel::Warning ? ImVec4(0.6f, 0.4f, 0.0f, 1)
                                                           : ImVec4(0.2f, 0.2f, 0.2f, 1);
      const char* level = tr(e.level == LogLevel::Error ? kError : e.level == LogLevel::Warning ? kWarning : kInfo);
      ImGui::TextColored(colour, "[%s]", level);
      ImGui::SameLine();
      ImGui::TextWrapped("%s", e.text.c_str());
    }
    if (entries.size() != m_shown) {
      ImGui::SetScrollHereY(1.0f);
      m_shown = entries.size();
    }
    ImGui::EndChild();
    v.endPanel(*this);
  }

 private:
  std::size_t m_cleared = 0;
  std::size_t m_shown = 0;
  std::size_t m_errorsSeen = 0;
};

}  // namespace
ZHENMAP_REGISTER_PANEL(LogPanel)
}  // namespace zhenmap
