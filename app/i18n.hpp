// UI strings in Simplified Chinese (default) and English. Every string the UI shows comes from here,
// so the font atlas can be built from exactly the characters in use.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "map_decorations.hpp"
#include "store/value_labels.hpp"

namespace zhenmap {

enum class Language { Chinese, English };

enum class Text {
  AppTitle,
  Layers,
  FullExtent,
  Loading,
  LoadFailed,
  Cursor,
  Scale,
  Language,
  Features,
  Identify,
  NoSelection,
  Field,
  Value,
  Opacity,
  ZoomToLayer,
  MoveUp,
  MoveDown,
  Hidden,
  ShowSensitive,
  SensitiveWarning,
  LonLat,
  MapCoordinates,
  Labels,
  AttributeTable,
  Undo,
  Redo,
  Save,
  Discard,
  FilterText,
  FilterExpression,
  Apply,
  ApplyToSelected,
  Rows,
  UnsavedEdits,
  User,
  Reason,
  Cancel,
  SaveConflict,
  ConflictExplain,
  Theirs,
  Yours,
  KeepMine,
  RetrySave,
  TakeAllTheirs,
  History,
  Time,
  OldValue,
  NewValue,
  NoHistory,
  ReadOnly,
  Selected,
  EditHint,
  Layer,
  CloseWithUnsaved,
  SaveAndClose,
  DiscardAndClose,
  Count_  // keep last
};

void setLanguage(Language lang);
Language language();
// The language a command-line run speaks: ZHENMAP_LANG ("zh" / "en"), else the locale (LC_ALL,
// LC_MESSAGES, LANG: "en_*" is English), else Chinese.
Language languageFromEnvironment();
// The current language as the store's labels, dates and times take it (store::valueLabel,
// readableValue, displayTime).
store::LabelLanguage labelLanguage();
// The scale bar's unit words in the current language ("米 / 公里", "m / km").
DistanceUnits distanceUnits();
// The string for key in the current language (UTF-8).
const char* tr(Text key);
// Every UI string in both languages, for building glyph ranges.
std::vector<std::string> allUiStrings();

// Strings a panel keeps in its own file (so panels do not all edit the Text table):
//   const UiText kAddLayer{"添加图层", "Add layer"};  ...  tr(kAddLayer)
// Register each file's strings once for the glyph ranges with ZHENMAP_UI_TEXTS(kAddLayer, ...).
struct UiText {
  const char* zh;
  const char* en;
};
const char* tr(const UiText& text);
bool registerUiTexts(std::initializer_list<UiText> texts);
#define ZHENMAP_UI_TEXTS_CAT2(a, b) a##b
#define ZHENMAP_UI_TEXTS_CAT(a, b) ZHENMAP_UI_TEXTS_CAT2(a, b)
#define ZHENMAP_UI_TEXTS(...)                                                                \
  namespace {                                                                                \
  const bool ZHENMAP_UI_TEXTS_CAT(uiTexts_, __LINE__) = ::zhenmap::registerUiTexts({__VA_ARGS__}); \
  }

}  // namespace zhenmap
