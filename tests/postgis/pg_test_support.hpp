// Helpers for the PostGIS tests: the throwaway server started by the postgis.server.start fixture
// (tests/postgis/pg_server.sh), one fresh database per test, and small queries as the superuser.
// Without the server every test FAILS (never skips): these tests must run in CI.
#pragma once

#include <cstdint>
#include <string>

namespace zhenmap::test {

// "host=... port=... user=postgres" of the test server; throws when it is not running.
std::string pgServer();
// Creates a new database (PostGIS installed) named after the test and returns its "PG:..."
// address; `user` connects as another role.
std::string makePgDatabase();
std::string pgAddress(const std::string& uri, const std::string& user);
// One value (as text) from a query / a statement, on a fresh superuser connection.
std::string pgQuery(const std::string& uri, const std::string& sql);
void pgExec(const std::string& uri, const std::string& sql);

}  // namespace zhenmap::test
