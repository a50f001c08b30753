// Helpers for the project-store tests: a small hand-made project, the demo project built into a
// test's own directory, and raw table dumps for byte-level comparisons.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/edit_session.hpp"
#include "store/project_store.hpp"
#include "test_support.hpp"

namespace zhenmap::test {

// A tiny project: 1 township, 2 villages, 1 work team, 2 project sites, 2 routes (ids 1, 2:
// planned 5.0 / 3.0 km, built 1.0 / 0.0), 2 households. Returns its path inside dir.
std::string makeSmallProject(const TempDir& dir, const std::string& name = "small.sqlite");

// The demo project built from data/jieyang into dir.
std::string makeDemoProject(const TempDir& dir, const std::string& name = "demo.sqlite");

// Every row of a table as text: each column as "name=value", the geometry as hex of the blob.
std::map<std::int64_t, std::map<std::string, std::string>> dumpTable(const std::string& path, const std::string& table);

// Runs fixture SQL (inserts of a test's starting data) in one transaction with the audit
// triggers suspended: a project's first data is not history.
void loadFixture(store::Database& db, const std::string& sql);

// One integer from a query on a fresh connection.
std::int64_t queryInt(const std::string& path, const std::string& sql);

}  // namespace zhenmap::test
