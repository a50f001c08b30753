// The style editor: single symbol, categorized (one class per distinct value of a field) or
// graduated (equal-interval classes of a numeric field), colours and widths per class, labels
// on/off with their field and size, opacity. Apply re-tessellates the layer on a worker
// (Viewer::applyStyle); a layer of the open project also gets the style saved in its `styles` table.
#pragma once

#include <memory>

#include "style.hpp"
#include "viewer.hpp"

namespace zhenmap {

class StylePanel : public Panel {
 public:
  StylePanel() { setOpen(false); }
  const char* title() const override;
  int order() const override { return 32; }  // after identify in the right sidebar
  Dock dock() const override { return Dock::Right; }
  void draw(Viewer& v) override;
  void onLoaded(Viewer& v) override;
  void writeState(const Viewer& v, nlohmann::json& s) const override;

  // Opens the editor on a layer of the stack.
  void edit(Viewer& v, LayerId layer);

 private:
  void drawSymbol(Symbol& s, GeomKind kind, const char* id);
  void drawProgressFields(Viewer& v, const LayerData& layer);

  LayerId m_layer = kNoLayer;  // survives reordering
  std::string m_name, m_source;  // ... and a reload, by name and source
  LayerStyle m_style;
  int m_classCount = 5;
  std::string m_status;
};

}  // namespace zhenmap
