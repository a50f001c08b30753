// Picking each feature's symbol from a layer style: evaluates the style's expression or rule
// filters over the attributes (SQLite, see geodata/expression.hpp). CPU only; worker-safe.
#pragma once

#include <vector>

#include "layer.hpp"
#include "style.hpp"

namespace zhenmap {

// Per feature: the index of its class in style.classes, kUnmatched for the style's own symbol,
// or kHidden when it is not drawn (no class matched and drawUnmatched is off, or a rule-based
// style where no rule matched).
constexpr int kUnmatched = -1;
constexpr int kHidden = -2;

// Throws ExpressionError when the expression or a filter is invalid for this layer.
std::vector<int> classifyFeatures(const LayerData& layer, const LayerStyle& style);

// The symbol for a class index from classifyFeatures (not kHidden).
inline const Symbol& symbolFor(const LayerStyle& style, int cls) {
  return cls >= 0 ? style.classes[static_cast<std::size_t>(cls)].symbol : style.symbol;
}

}  // namespace zhenmap
