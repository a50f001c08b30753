// What other panels may ask of the attribute table panel (panel_table.cpp): the identify panel's
// feature form edits a field through the table, so the edit is pending, undoable and saved with
// the table's Save like any cell edit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace zhenmap {

class Viewer;

// Applies `text` to `layer`.`field` of row `id` through the attribute table (the same validation,
// undo and Save as an inline edit), opening that layer in the table first. False with the reason
// in `error` when the value is refused, or when the table holds unsaved edits of another layer.
bool editThroughTable(Viewer& v, const std::string& layer, std::int64_t id, const std::string& field,
                      const std::string& text, std::string& error);

// The pending (unsaved) value of a field in the table's layer, as edit text; nullopt when none.
std::optional<std::string> pendingTableValue(Viewer& v, const std::string& layer, std::int64_t id,
                                             const std::string& field);

}  // namespace zhenmap
