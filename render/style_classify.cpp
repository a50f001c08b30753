// Feature classification for styles; see style_classify.hpp.
#include "style_classify.hpp"

#include <cmath>
#include <optional>

#include "expression.hpp"

namespace zhenmap {

namespace {

std::optional<double> asNumber(const AttributeValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) {
    char* end = nullptr;
    const double x = std::strtod(s->c_str(), &end);
    if (end && end != s->c_str() && *end == '\0') return x;
  }
  return std::nullopt;
}

bool sameValue(const AttributeValue& a, const AttributeValue& b) {
  if (isNull(a) || isNull(b)) return isNull(a) && isNull(b);
  const auto* sa = std::get_if<std::string>(&a);
  const auto* sb = std::get_if<std::string>(&b);
  if (sa && sb) return *sa == *sb;
  const auto na = asNumber(a), nb = asNumber(b);
  return na && nb && *na == *nb;
}

// A plain field name is looked up directly (fast path); anything else goes through SQLite.
std::vector<AttributeValue> values(const LayerData& layer, const std::string& expression) {
  for (std::size_t i = 0; i < layer.fields.size(); ++i) {
    if (layer.fields[i].name == expression) {
      std::vector<AttributeValue> out;
      out.reserve(layer.features.size());
      for (const Feature& f : layer.features) out.push_back(i < f.attributes.size() ? f.attributes[i] : AttributeValue{});
      return out;
    }
  }
  return evaluateExpression(layer, expression);
}

}  // namespace

std::vector<int> classifyFeatures(const LayerData& layer, const LayerStyle& style) {
  const std::size_t n = layer.features.size();
  const int unmatched = style.drawUnmatched ? kUnmatched : kHidden;
  switch (style.kind) {
    case StyleKind::Single:
      return std::vector<int>(n, kUnmatched);
    case StyleKind::Categorized: {
      std::vector<int> out(n, unmatched);
      const auto v = values(layer, style.expression);
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t c = 0; c < style.classes.size(); ++c) {
          if (sameValue(v[i], style.classes[c].value)) {
            out[i] = static_cast<int>(c);
            break;
          }
        }
      }
      return out;
    }
    case StyleKind::Graduated: {
      std::vector<int> out(n, unmatched);
      const auto v = values(layer, style.expression);
      for (std::size_t i = 0; i < n; ++i) {
        const auto x = asNumber(v[i]);
        if (!x || !std::isfinite(*x)) continue;
        for (std::size_t c = 0; c < style.classes.size(); ++c) {
          const StyleClass& k = style.classes[c];
          const bool last = c + 1 == style.classes.size();
          if (*x >= k.lower && (*x < k.upper || (last && *x <= k.upper))) {
            out[i] = static_cast<int>(c);
            break;
          }
        }
      }
      return out;
    }
    case StyleKind::RuleBased: {
      // First matching rule wins, in the order given.
      std::vector<int> out(n, style.drawUnmatched ? kUnmatched : kHidden);
      std::vector<bool> done(n, false);
      for (std::size_t c = 0; c < style.classes.size(); ++c) {
        const auto match = evaluateFilter(layer, style.classes[c].filter.empty() ? "1" : style.classes[c].filter);
        for (std::size_t i = 0; i < n; ++i) {
          if (!done[i] && match[i]) {
            out[i] = static_cast<int>(c);
            done[i] = true;
          }
        }
      }
      return out;
    }
  }
  return std::vector<int>(n, kUnmatched);
}

}  // namespace zhenmap
