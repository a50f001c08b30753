// The string table; see i18n.hpp.
#include "i18n.hpp"

#include <cstdlib>
#include <cstring>

namespace zhenmap {

namespace {
struct Entry {
  const char* zh;
  const char* en;
};
constexpr Entry kTable[] = {
    {"镇图", "zhenmap"},
    {"图层", "Layers"},
    {"全图", "Full extent"},
    {"正在加载…", "Loading…"},
    {"加载失败", "Load failed"},
    {"光标", "Cursor"},
    {"比例尺", "Scale"},
    {"English", "中文"},
    {"要素", "features"},
    {"要素信息", "Identify"},
    {"点击地图查看要素", "Click the map to identify a feature"},
    {"字段", "Field"},
    {"值", "Value"},
    {"透明度", "Opacity"},
    {"缩放到图层", "Zoom to layer"},
    {"上移", "Up"},
    {"下移", "Down"},
    {"（已隐藏）", "(hidden)"},
    {"显示敏感字段", "Show sensitive fields"},
    {"敏感个人信息：仅限工作需要时查看", "Personal data: view only when your work needs it"},
    {"经纬度 (CGCS2000)", "Lon/lat (CGCS2000)"},
    {"地图坐标", "Map"},
    {"标注", "Labels"},
    {"属性表", "Attribute table"},
    {"撤销", "Undo"},
    {"重做", "Redo"},
    {"保存…", "Save…"},
    {"放弃修改", "Discard"},
    {"筛选文字", "Filter text"},
    {"筛选表达式 (SQL)", "Filter expression (SQL)"},
    {"应用", "Apply"},
    {"应用到所选行", "Apply to selected rows"},
    {"行", "rows"},
    {"处未保存修改", "unsaved edits"},
    {"用户", "User"},
    {"修改原因", "Reason"},
    {"取消", "Cancel"},
    {"保存冲突", "Save conflict"},
    {"以下单元格已被他人修改。您的修改仍保留，尚未写入。",
     "Someone else changed these cells. Your edits are kept and nothing was written."},
    {"他人的值", "Theirs"},
    {"我的值", "Yours"},
    {"保留我的", "Keep mine"},
    {"按所选处理并重新保存", "Apply choices and save again"},
    {"全部采用他人的值", "Take all of theirs"},
    {"修改历史", "History"},
    {"时间", "Time"},
    {"原值", "Old value"},
    {"新值", "New value"},
    {"无修改记录", "No changes recorded"},
    {"只读", "Read-only"},
    {"已选", "selected"},
    {"双击单元格编辑，回车确认，Esc 取消", "Double-click a cell to edit, Enter to apply, Esc to cancel"},
    {"图层", "Layer"},
    {"有未保存的修改，关闭前要保存吗？", "There are unsaved edits. Save them before closing?"},
    {"保存并关闭", "Save and close"},
    {"放弃并关闭", "Discard and close"},
};
static_assert(sizeof(kTable) / sizeof(kTable[0]) == static_cast<int>(Text::Count_), "one entry per key");
Language g_language = Language::Chinese;

std::vector<UiText>& registeredTexts() {
  static std::vector<UiText> texts;
  return texts;
}
}  // namespace

const char* tr(const UiText& text) { return g_language == Language::Chinese ? text.zh : text.en; }

bool registerUiTexts(std::initializer_list<UiText> texts) {
  registeredTexts().insert(registeredTexts().end(), texts.begin(), texts.end());
  return true;
}

void setLanguage(Language lang) { g_language = lang; }
Language language() { return g_language; }

Language languageFromEnvironment() {
  const auto starts = [](const char* v, const char* prefix) { return v && std::strncmp(v, prefix, std::strlen(prefix)) == 0; };
  if (const char* lang = std::getenv("ZHENMAP_LANG"); lang && *lang) {
    return starts(lang, "en") ? Language::English : Language::Chinese;
  }
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(name);
    if (!v || !*v || std::strcmp(v, "C") == 0 || std::strcmp(v, "POSIX") == 0 || starts(v, "C.")) continue;
    return starts(v, "en") ? Language::English : Language::Chinese;
  }
  return Language::Chinese;
}

store::LabelLanguage labelLanguage() {
  return language() == Language::Chinese ? store::LabelLanguage::Chinese : store::LabelLanguage::English;
}

DistanceUnits distanceUnits() {
  return language() == Language::Chinese ? DistanceUnits{"米", "公里"} : DistanceUnits{"m", "km"};
}

const char* tr(Text key) {
  const Entry& e = kTable[static_cast<int>(key)];
  return g_language == Language::Chinese ? e.zh : e.en;
}

std::vector<std::string> allUiStrings() {
  std::vector<std::string> out;
  for (const Entry& e : kTable) {
    out.emplace_back(e.zh);
    out.emplace_back(e.en);
  }
  for (const UiText& t : registeredTexts()) {
    out.emplace_back(t.zh);
    out.emplace_back(t.en);
  }
  return out;
}

}  // namespace zhenmap
