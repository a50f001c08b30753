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
  int order() const override { return 25; }
  void draw(Viewer& v) override;
  void onLoaded(Viewer& v) override;
  void writeState(const Viewer& v, nlohmann::json& s) const override;

  // Opens the editor on layer index `layer` (index into Viewer::layers()).
  void edit(Viewer& v, std::size_t layer);

 private:
  std::optional<std::size_t> layerIndex(const Viewer& v) const;
  void drawSymbol(Symbol& s, GeomKind kind, const char* id);

  std::shared_ptr<const LayerData> m_layer;  // survives reordering
  LayerStyle m_style;
  int m_classCount = 5;
  std::string m_status;
};

}  // namespace zhenmap
