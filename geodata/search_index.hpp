// Search by name or code over loaded layers (townships, villages, project sites, routes, or any
// layer with a `name` / `code` field): Chinese substring of the name, prefix of the code (or of
// the feature id for layers without a code). Built once per loaded snapshot on any thread; the
// index is immutable and keeps only indices into the layers it was built from.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "layer.hpp"

namespace zhenmap {

struct SearchHit {
  std::size_t layer = 0;    // position in the layers given to SearchIndex
  std::size_t feature = 0;  // position in LayerData::features
  std::int64_t fid = -1;
  std::string name;  // the feature's name ("" when the layer has none)
  std::string code;  // its code (NBS division code) or "" when the layer has no code field
};

struct SearchResult {
  std::vector<SearchHit> hits;  // best first, at most the limit asked for
  std::size_t total = 0;        // every match, before the limit
};

class SearchIndex {
 public:
  SearchIndex() = default;
  // Indexes the layers whose name is in `layerNames` (all layers when empty) that have a `name`
  // or `code` field. Layer order is the tie-break order in results (put townships first).
  SearchIndex(const std::vector<std::shared_ptr<const LayerData>>& layers, const std::vector<std::string>& layerNames);

  // Every whitespace-separated term must match the name (substring, ASCII case-insensitive) or,
  // when it is all digits, also the code or the id as a prefix. Ranked: exact name or code, then
  // name or code starting with the query, then the rest; within a rank by layer order, then by
  // code for a query of digits, else shorter name first, then feature order. An empty query
  // finds nothing.
  SearchResult search(std::string_view query, std::size_t limit = 50) const;

  std::size_t size() const { return m_entries.size(); }

 private:
  struct Entry {
    std::uint32_t layer = 0;
    std::uint32_t feature = 0;
    std::int64_t fid = -1;
    std::string name;
    std::string nameLower;  // ASCII lower-cased
    std::string code;
    bool hasCode = false;
  };
  std::vector<Entry> m_entries;
};

// The map box to show a found feature: its bounds padded by `padding` of their size on each
// side, at least `minSpan` map units across (points, short lines). Empty for features without
// geometry.
Box searchFocusBox(const Feature& feature, double padding = 0.15, double minSpan = 1500.0);

}  // namespace zhenmap
