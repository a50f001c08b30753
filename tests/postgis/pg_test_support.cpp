// PostGIS test helpers; see pg_test_support.hpp.
#include "pg_test_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "store/pg_connection.hpp"

namespace zhenmap::test {

std::string pgServer() {
  const char* dir = std::getenv("ZHENMAP_PG_STATE");
  if (!dir) throw std::runtime_error("ZHENMAP_PG_STATE is not set: run the PostGIS tests through ctest");
  std::ifstream in(std::string(dir) + "/conninfo");
  std::string conn;
  if (!std::getline(in, conn) || conn.empty()) {
    throw std::runtime_error(std::string("no PostGIS test server (") + dir +
                             "/conninfo missing): the postgis.server.start fixture failed");
  }
  return conn;
}

std::string makePgDatabase() {
  static std::atomic<int> counter{0};
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = "t_";
  for (char c : std::string(info ? info->name() : "test")) {
    name += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : '_';
  }
  name = name.substr(0, 40) + "_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  const std::string server = pgServer();
  store::PgConnection admin("PG:" + server + " dbname=postgres");
  admin.exec("DROP DATABASE IF EXISTS " + store::pgIdent(name));
  admin.exec("CREATE DATABASE " + store::pgIdent(name) + " TEMPLATE zhenmap_template");
  return "PG:" + server + " dbname=" + name;
}

std::string pgAddress(const std::string& uri, const std::string& user) { return uri + " user=" + user; }

std::string pgQuery(const std::string& uri, const std::string& sql) {
  store::PgConnection c(uri);
  store::PgResult r = c.exec(sql);
  if (r.rows() == 0) throw std::runtime_error("no row from " + sql);
  return r.isNull(0, 0) ? "<null>" : r.text(0, 0);
}

void pgExec(const std::string& uri, const std::string& sql) {
  store::PgConnection c(uri);
  c.exec(sql);
}

}  // namespace zhenmap::test
