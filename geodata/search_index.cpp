// The name / code search index; see search_index.hpp.
#include "search_index.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace zhenmap {

namespace {

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool allDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::vector<std::string> splitTerms(std::string_view query) {
  std::vector<std::string> terms;
  std::size_t i = 0;
  while (i < query.size()) {
    while (i < query.size() && std::isspace(static_cast<unsigned char>(query[i]))) ++i;
    std::size_t j = i;
    while (j < query.size() && !std::isspace(static_cast<unsigned char>(query[j]))) ++j;
    if (j > i) terms.push_back(lowerAscii(query.substr(i, j - i)));
    i = j;
  }
  return terms;
}

std::string textOf(const AttributeValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  return {};
}

}  // namespace

SearchIndex::SearchIndex(const std::vector<std::shared_ptr<const LayerData>>& layers,
                         const std::vector<std::string>& layerNames) {
  for (std::size_t li = 0; li < layers.size(); ++li) {
    const LayerData& layer = *layers[li];
    if (!layerNames.empty() && std::find(layerNames.begin(), layerNames.end(), layer.name) == layerNames.end()) {
      continue;
    }
    std::optional<std::size_t> nameField, codeField;
    for (std::size_t i = 0; i < layer.fields.size(); ++i) {
      if (layer.fields[i].name == "name") nameField = i;
      if (layer.fields[i].name == "code") codeField = i;
    }
    if (!nameField && !codeField) continue;
    for (std::size_t fi = 0; fi < layer.features.size(); ++fi) {
      const Feature& f = layer.features[fi];
      Entry e;
      e.layer = static_cast<std::uint32_t>(li);
      e.feature = static_cast<std::uint32_t>(fi);
      e.fid = f.fid;
      if (nameField && *nameField < f.attributes.size()) e.name = textOf(f.attributes[*nameField]);
      if (codeField && *codeField < f.attributes.size()) e.code = textOf(f.attributes[*codeField]);
      e.hasCode = codeField.has_value();
      e.nameLower = lowerAscii(e.name);
      m_entries.push_back(std::move(e));
    }
  }
}

SearchResult SearchIndex::search(std::string_view query, std::size_t limit) const {
  SearchResult result;
  const std::vector<std::string> terms = splitTerms(query);
  if (terms.empty()) return result;
  const std::size_t first = query.find_first_not_of(" \t\r\n");
  const std::size_t last = query.find_last_not_of(" \t\r\n");
  const std::string trimmed = lowerAscii(query.substr(first, last - first + 1));

  struct Ranked {
    int rank;
    const Entry* entry;
  };
  std::vector<Ranked> found;
  for (const Entry& e : m_entries) {
    const std::string idText = std::to_string(e.fid);
    bool all = true;
    for (const std::string& t : terms) {
      bool match = e.nameLower.find(t) != std::string::npos;
      if (!match && allDigits(t)) match = e.hasCode ? startsWith(e.code, t) : startsWith(idText, t);
      if (!match) {
        all = false;
        break;
      }
    }
    if (!all) continue;
    int rank = 2;
    // A layer without codes is found by its id: the id typed in full is an exact match.
    const bool idExact = !e.hasCode && idText == trimmed;
    if (e.nameLower == trimmed || (!e.code.empty() && e.code == trimmed) || idExact) {
      rank = 0;
    } else if (startsWith(e.nameLower, trimmed) || (!e.code.empty() && startsWith(e.code, trimmed))) {
      rank = 1;
    }
    found.push_back({rank, &e});
  }
  result.total = found.size();
  const bool byCode = allDigits(trimmed);
  const auto better = [byCode](const Ranked& a, const Ranked& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.entry->layer != b.entry->layer) return a.entry->layer < b.entry->layer;
    if (byCode && a.entry->code != b.entry->code) return a.entry->code < b.entry->code;
    if (byCode && !a.entry->hasCode && a.entry->fid != b.entry->fid) return a.entry->fid < b.entry->fid;
    if (a.entry->name.size() != b.entry->name.size()) return a.entry->name.size() < b.entry->name.size();
    return a.entry->feature < b.entry->feature;
  };
  const std::size_t keep = std::min(limit, found.size());
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(keep), found.end(), better);
  result.hits.reserve(keep);
  for (std::size_t i = 0; i < keep; ++i) {
    const Entry& e = *found[i].entry;
    result.hits.push_back({e.layer, e.feature, e.fid, e.name, e.code});
  }
  return result;
}

Box searchFocusBox(const Feature& feature, double padding, double minSpan) {
  Box b = feature.geometry.bounds();
  if (b.empty()) return b;
  const double padX = b.width() * padding, padY = b.height() * padding;
  b.minX -= padX;
  b.maxX += padX;
  b.minY -= padY;
  b.maxY += padY;
  const Vec2 c = b.center();
  if (b.width() < minSpan) {
    b.minX = c.x - minSpan * 0.5;
    b.maxX = c.x + minSpan * 0.5;
  }
  if (b.height() < minSpan) {
    b.minY = c.y - minSpan * 0.5;
    b.maxY = c.y + minSpan * 0.5;
  }
  return b;
}

}  // namespace zhenmap
