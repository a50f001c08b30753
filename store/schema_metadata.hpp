// A project's layer descriptions in its own metadata tables: layer_metadata (title, geometry
// type, order, cross-field rules, township expression) and field_metadata (type, alias,
// required, unique, domain with labels, range, digits, length, reference, sensitive, default,
// role). Written when a layer is created, read when a project is opened (on either engine).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "store/schema.hpp"
#include "store/value.hpp"

namespace zhenmap::store {

class Database;

// Writes (or updates) the layer's metadata rows in a project file. Existing titles and aliases
// are kept (a team may have renamed them); everything else is set from `layer`.
void writeLayerMetadata(Database& db, const LayerSpec& layer, int position);

// Runs one query (`?` placeholders) and calls back per row: the reader's view of either engine.
using MetadataQuery = std::function<void(const std::string& sql, const std::vector<Value>& params,
                                         const std::function<void(const std::vector<Value>&)>& row)>;
// The project's layers in their order, from its metadata. Throws DataError for a description it
// cannot read (an unknown type, a broken JSON domain or rule list).
std::vector<LayerSpec> readLayerSpecs(const MetadataQuery& query);
// The same from a project file's connection.
std::vector<LayerSpec> readLayerSpecs(Database& db);

// The JSON forms stored in the metadata (also used by push/pull and templates).
std::string domainJson(const std::vector<DomainValue>& domain);
std::string rulesJson(const std::vector<CrossRule>& rules);

}  // namespace zhenmap::store
