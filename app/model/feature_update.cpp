// Committed values onto the layers in the stack; see feature_update.hpp.
#include "feature_update.hpp"

#include <cctype>
#include <cstdio>
#include <map>
#include <memory>

#include "map_annotations.hpp"
#include "tessellator.hpp"

namespace zhenmap {

namespace {

// "2024-05-01" or "2024-05-01 12:30:00" as a DateTime; nullopt when it is neither.
std::optional<DateTime> parseIsoDateTime(const std::string& s) {
  DateTime d;
  if (std::sscanf(s.c_str(), "%d-%d-%d", &d.year, &d.month, &d.day) != 3) return std::nullopt;
  if (s.size() > 10) std::sscanf(s.c_str() + 11, "%d:%d:%lf", &d.hour, &d.minute, &d.second);
  return d;
}

// Every word of an SQL expression that could be a column: identifiers and "quoted" names.
void collectIdentifiers(const std::string& sql, std::set<std::string>& out) {
  std::size_t i = 0;
  while (i < sql.size()) {
    const unsigned char c = static_cast<unsigned char>(sql[i]);
    if (c == '\'') {  // a string literal: skip it ('' escapes a quote)
      for (++i; i < sql.size(); ++i) {
        if (sql[i] == '\'' && (i + 1 >= sql.size() || sql[i + 1] != '\'')) break;
        if (sql[i] == '\'') ++i;
      }
      ++i;
    } else if (c == '"') {
      const std::size_t end = sql.find('"', i + 1);
      out.insert(sql.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1));
      i = end == std::string::npos ? sql.size() : end + 1;
    } else if (std::isalpha(c) || c == '_' || c >= 0x80) {
      const std::size_t start = i;
      while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_' ||
                                static_cast<unsigned char>(sql[i]) >= 0x80)) {
        ++i;
      }
      out.insert(sql.substr(start, i - start));
    } else {
      ++i;
    }
  }
}

struct LayerUpdate {
  LayerId id = kNoLayer;
  std::uint64_t generation = 0;
  std::shared_ptr<const LayerData> data;
  LayerStyle style;
  Buckets buckets;  // kept when the style reads no changed field
  std::vector<CellChange> changes;
};

struct LayerUpdated {
  LayerId id = kNoLayer;
  std::uint64_t generation = 0;
  std::shared_ptr<const LayerData> data;
  Buckets buckets;
  std::vector<LabelCandidate> labels;
  std::vector<std::int64_t> fids;
};

// The copy of the layer with the changes, and what must be built anew. Runs on a job.
LayerUpdated update(LayerUpdate&& u) {
  auto data = std::make_shared<LayerData>(*u.data);
  std::map<std::int64_t, std::size_t> byFid;
  for (std::size_t i = 0; i < data->features.size(); ++i) byFid.emplace(data->features[i].fid, i);
  std::set<std::string> changedFields;
  std::set<std::int64_t> fids;
  for (const CellChange& c : u.changes) {
    const auto f = byFid.find(c.fid);
    const auto field = findField(*data, c.field);
    if (f == byFid.end() || !field) continue;
    data->features[f->second].attributes[*field] = toAttribute(c.value, data->fields[*field].type);
    changedFields.insert(c.field);
    fids.insert(c.fid);
  }
  LayerUpdated out;
  out.id = u.id;
  out.generation = u.generation;
  out.fids.assign(fids.begin(), fids.end());
  const std::set<std::string> read = fieldsReadBy(u.style, *data);
  bool restyle = false;
  for (const std::string& f : changedFields) restyle = restyle || read.count(f) > 0;
  // Every level at once: a layer whose finer levels were still to come gets them here too.
  out.buckets = restyle ? tessellate(*data, u.style) : std::move(u.buckets);
  out.labels = layerLabels(*data, u.style);
  out.data = std::move(data);
  return out;
}

}  // namespace

AttributeValue toAttribute(const store::Value& v, FieldType type) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* r = std::get_if<double>(&v)) return *r;
  if (const auto* t = std::get_if<std::string>(&v)) {
    if (type == FieldType::Date || type == FieldType::DateTime) {
      if (auto d = parseIsoDateTime(*t)) return *d;
    }
    return *t;
  }
  return std::monostate{};
}

std::set<std::string> fieldsReadBy(const LayerStyle& style, const LayerData& layer) {
  std::set<std::string> words;
  collectIdentifiers(style.expression, words);
  collectIdentifiers(style.label.expression, words);
  for (const StyleClass& c : style.classes) collectIdentifiers(c.filter, words);
  words.insert(style.builtField);
  words.insert(style.plannedField);
  std::set<std::string> out;
  for (const FieldDef& f : layer.fields) {
    if (words.count(f.name)) out.insert(f.name);
  }
  return out;
}

void applyCommittedChanges(JobQueue& jobs, LayerStack& stack, const std::string& projectPath,
                           std::vector<CellChange> changes, std::function<void(std::size_t)> done) {
  std::map<std::string, std::vector<CellChange>> byLayer;
  for (CellChange& c : changes) byLayer[c.layer].push_back(std::move(c));
  auto remaining = std::make_shared<std::size_t>(0);
  auto changed = std::make_shared<std::size_t>(0);
  std::vector<LayerUpdate> updates;
  for (std::size_t i = 0; i < stack.size(); ++i) {
    const MapLayer& l = stack.at(i);
    const auto it = byLayer.find(l.name());
    if (!l.fromProject || l.data->source != projectPath || it == byLayer.end()) continue;
    updates.push_back({l.id, l.generation, l.data, l.style(), l.buckets, it->second});
  }
  *remaining = updates.size();
  if (updates.empty()) {
    if (done) done(0);
    return;
  }
  for (LayerUpdate& u : updates) {
    jobs.submit<LayerUpdated>(
        {"", JobPriority::Interactive, false},
        [u = std::move(u)](JobContext&) mutable { return update(std::move(u)); },
        [&stack, remaining, changed, done](LayerUpdated&& r) {
          const MapLayer* now = stack.find(r.id);
          // Only onto the data the change was made for: a reload or restyle since wins.
          if (now && now->generation == r.generation) {
            *changed += r.fids.size();
            stack.changeFeatures(r.id, std::move(r.data), std::move(r.buckets), std::move(r.labels), std::move(r.fids));
          }
          if (--*remaining == 0 && done) done(*changed);
        },
        [remaining, changed, done](const std::string&) {
          if (--*remaining == 0 && done) done(*changed);
        });
  }
}

}  // namespace zhenmap
