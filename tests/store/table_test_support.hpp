// The attribute table as the window holds it, for the table-model tests: a project opened with
// an edit session and a table model over one of its layers.
#pragma once

#include <string>

#include "store/edit_session.hpp"
#include "store/project_store.hpp"
#include "store/table_model.hpp"

namespace zhenmap::test {

// A project opened with an edit session and an attribute table over one of its layers, as the
// window holds them.
struct OpenTable {
  OpenTable(const std::string& path, const std::string& layer)
      : store(store::ProjectStore::open(path)), session(store), model(session, layer) {}
  store::ProjectStore store;
  store::EditSession session;
  store::AttributeTableModel model;
};

}  // namespace zhenmap::test
