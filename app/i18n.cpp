// The string table; see i18n.hpp.
#include "i18n.hpp"

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
};
static_assert(sizeof(kTable) / sizeof(kTable[0]) == static_cast<int>(Text::Count_), "one entry per key");
Language g_language = Language::Chinese;
}  // namespace

void setLanguage(Language lang) { g_language = lang; }
Language language() { return g_language; }

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
  return out;
}

}  // namespace zhenmap
