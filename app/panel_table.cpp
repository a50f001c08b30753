// Hosts the attribute table (attribute_table.hpp) in the window: the layer chooser, selection
// linked both ways with the map, a map reload after a save, the prompt for unsaved edits when
// the window closes, and edits from the identify panel's form (panel_table.hpp).
#include <imgui.h>

#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>

#include "attribute_table.hpp"
#include "i18n.hpp"
#include "panel_table.hpp"
#include "store/schema.hpp"
#include "viewer.hpp"

namespace zhenmap {
namespace {

const UiText kSaveOtherLayerFirst{"属性表中另一个图层有未保存的修改：请先保存或放弃",
                                  "The table holds unsaved edits of another layer: save or discard them first"};
const UiText kTableUnavailable{"无法打开该图层的属性表", "Cannot open this layer's table"};
ZHENMAP_UI_TEXTS(kSaveOtherLayerFirst, kTableUnavailable)

class TablePanel : public Panel {
 public:
  const char* title() const override { return tr(Text::AttributeTable); }
  int order() const override { return 20; }
  Dock dock() const override { return Dock::Bottom; }

  // A project opens its table on the standard template's project sites, or, in a project of the
  // user's own layers, on its first layer.
  void onLoaded(Viewer& v) override {
    if (v.projectPath().empty() || m_table) return;
    const std::vector<const store::LayerSpec*> specs = v.project().layerSpecs();
    if (specs.empty()) return;
    open(v, v.project().layerSpec("project_sites") ? "project_sites" : specs.front()->name);
  }

  // A feature identified on the map selects its row.
  void onSelectionChanged(Viewer& v) override {
    const MapLayer* layer = v.layerOf(v.selected());
    if (!m_table || !layer) return;
    if (layer->name() == m_table->layer()) m_table->setSelection({v.featureOf(v.selected())->fid});
  }

  void glyphStrings(const Viewer&, std::vector<std::string>& out) const override {
    if (!m_table) return;
    std::vector<std::string> table = m_table->glyphStrings();
    out.insert(out.end(), std::make_move_iterator(table.begin()), std::make_move_iterator(table.end()));
  }

  void writeState(const Viewer& v, nlohmann::json& s) const override {
    if (!m_table) return;
    s["table"] = {{"layer", m_table->layer()},
                  {"layer_title", displayName(v, m_table->layer())},
                  {"rows", m_table->rowCount()},
                  {"visible_rows", m_table->visibleRowCount()},
                  {"unsaved", m_table->hasUnsavedChanges()},
                  {"selection", m_table->selection()}};
    m_table->writeState(s["table"]);
  }

  bool hasUnsavedWork() const override { return m_table && m_table->hasUnsavedChanges(); }

  // See panel_table.hpp.
  bool editFromForm(Viewer& v, const std::string& layer, std::int64_t id, const std::string& field,
                    const std::string& text, std::string& error) {
    if (!m_table || m_table->layer() != layer) {
      if (m_table && m_table->hasUnsavedChanges()) {
        error = tr(kSaveOtherLayerFirst);
        return false;
      }
      open(v, layer);
      v.requestFontRebuild();
      if (!m_table) {
        error = tr(kTableUnavailable);
        return false;
      }
    }
    v.focusPanel(*this);
    m_table->setSelection({id});
    return m_table->editCell(id, field, text, error);
  }

  std::optional<std::string> pendingValue(const std::string& layer, std::int64_t id, const std::string& field) {
    if (!m_table || m_table->layer() != layer) return std::nullopt;
    store::AttributeTableModel& model = m_table->model();
    const auto row = model.rowOf(id);
    const auto col = model.columnOf(field);
    if (!row || !col || !model.isEdited(*row, *col)) return std::nullopt;
    return model.editText(*row, *col);
  }

  void onProjectChanged(Viewer&) override {
    m_table.reset();
  }

  bool holdsClose(Viewer&) override {
    if (!m_table || !m_table->hasUnsavedChanges()) return false;
    m_closeRequested = true;
    return true;
  }

  void draw(Viewer& v) override {
    drawClosePrompt(v);
    if (!m_table && v.projectPath().empty()) return;
    const std::string name = std::string(tr(Text::AttributeTable)) + "###table";
    if (!v.beginPanel(*this, name)) {
      v.endPanel(*this);
      return;
    }
    // The project's layers (the user's own included) by their display names (the layers panel's
    // titles, 项目点 ...), the table name in a tooltip.
    ImGui::SetNextItemWidth(240);
    const std::string current = m_table ? displayName(v, m_table->layer()) : "";
    if (ImGui::BeginCombo(tr(Text::Layer), current.c_str())) {
      for (const store::LayerSpec* spec : v.project().layerSpecs()) {
        const std::string& layer = spec->name;
        const std::string label = displayName(v, layer) + "##" + layer;
        if (ImGui::Selectable(label.c_str(), m_table && m_table->layer() == layer) &&
            !(m_table && m_table->hasUnsavedChanges())) {
          open(v, layer);
          v.requestFontRebuild();
        }
        v.markWidget(std::string("table_layer:") + layer);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", layer.c_str());
      }
      ImGui::EndCombo();
    }
    v.markWidget("table_layer");
    if (m_table) {
      m_table->setShowSensitive(v.showSensitive());
      m_table->draw();
      // A save landed: the map's layers take the saved values (styles, labels and identify
      // follow), without reading any layer again.
      std::vector<CellChange> saved = m_table->takeSaved();
      if (!saved.empty()) applyCommittedChanges(v.jobs(), v.layers(), v.projectPath(), std::move(saved));
    }
    v.endPanel(*this);
    syncSelection(v);
  }

 private:
  // A project layer's title as the layers panel shows it; the project's own title for the layer
  // when it is not loaded (in Chinese); the table name last.
  static std::string displayName(const Viewer& v, const std::string& layer) {
    for (std::size_t i = 0; i < v.layers().size(); ++i) {
      const MapLayer& l = v.layers().at(i);
      if (l.name() == layer && !l.title.empty()) return l.title;
    }
    const store::LayerSpec* spec = v.project().layerSpec(layer);
    if (spec && !spec->titleZh.empty() && language() == Language::Chinese) return spec->titleZh;
    return layer;
  }

  void open(Viewer& v, const std::string& layer) {
    try {
      store::EditSession* session = v.project().editSession();
      if (!session) throw DataError("the table edits a zhenmap project's layers; this document has no project");
      m_table = std::make_unique<AttributeTable>(*session, layer);
    } catch (const std::exception& e) {
      m_table.reset();
      v.log(LogLevel::Error, e.what());
    }
  }

  // Selection made in the table, shown on the map (the first selected row is identified).
  void syncSelection(Viewer& v) {
    if (!m_table || !m_table->takeSelectionChanged()) return;
    const std::set<std::int64_t> ids = m_table->selection();
    for (std::size_t li = 0; li < v.layers().size(); ++li) {
      const MapLayer& l = v.layers().at(li);
      if (l.name() != m_table->layer() || !l.fromProject) continue;
      std::vector<std::size_t> picked;
      for (std::size_t i = 0; i < l.data->features.size(); ++i) {
        if (ids.count(l.data->features[i].fid)) picked.push_back(i);
      }
      v.highlightFeatures(l.id, picked);
    }
  }

  void drawClosePrompt(Viewer& v) {
    if (m_closeRequested) {
      ImGui::OpenPopup("##close");
      m_closeRequested = false;
    }
    if (!ImGui::BeginPopupModal("##close", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::TextUnformatted(tr(Text::CloseWithUnsaved));
    if (ImGui::Button(tr(Text::SaveAndClose))) {
      std::string error;
      const char* user = std::getenv("USER");
      if (m_table->save(user ? user : "zhenmap", tr(Text::SaveAndClose), error)) {
        v.confirmClose();
      } else {
        v.log(LogLevel::Error, error);
      }
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr(Text::DiscardAndClose))) {
      m_table->discard();
      v.confirmClose();
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr(Text::Cancel))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }

  std::unique_ptr<AttributeTable> m_table;
  bool m_closeRequested = false;
};

}  // namespace
ZHENMAP_REGISTER_PANEL(TablePanel)

bool editThroughTable(Viewer& v, const std::string& layer, std::int64_t id, const std::string& field,
                      const std::string& text, std::string& error) {
  auto* table = v.panel<TablePanel>();
  if (!table) {
    error = tr(kTableUnavailable);
    return false;
  }
  return table->editFromForm(v, layer, id, field, text, error);
}

std::optional<std::string> pendingTableValue(Viewer& v, const std::string& layer, std::int64_t id,
                                             const std::string& field) {
  auto* table = v.panel<TablePanel>();
  return table ? table->pendingValue(layer, id, field) : std::nullopt;
}
}  // namespace zhenmap
