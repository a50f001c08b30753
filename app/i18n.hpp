// UI strings in Simplified Chinese (default) and English. Every string the UI shows comes from here,
// so the font atlas can be built from exactly the characters in use.
#pragma once

#include <string>
#include <vector>

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
// The string for key in the current language (UTF-8).
const char* tr(Text key);
// Every UI string in both languages, for building glyph ranges.
std::vector<std::string> allUiStrings();

}  // namespace zhenmap
