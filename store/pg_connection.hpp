// Thin RAII layer over libpq for the PostGIS project store: a move-only connection that reconnects
// after the server dropped it, results as owned handles, parameters as text, typed errors
// (PgError: SQLSTATE, connection lost, serialization/lock failures), and a transaction guard that
// rolls back in its destructor unless committed. One PgConnection per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "errors.hpp"
#include "store/value.hpp"

struct pg_conn;
struct pg_result;

namespace zhenmap::store {

// A server call failed. sqlState() is PostgreSQL's five-character code ("" when the connection
// itself failed). connectionLost(): the connection is gone; the statement may not have run and no
// transaction in progress was committed.
class PgError : public DataError {
 public:
  PgError(const std::string& what, std::string sqlState, bool connectionLost, Context ctx = {})
      : DataError(what, std::move(ctx)), m_sqlState(std::move(sqlState)), m_connectionLost(connectionLost) {}
  const std::string& sqlState() const { return m_sqlState; }
  bool connectionLost() const { return m_connectionLost; }
  // Another writer holds the lock, or the server chose this transaction as a deadlock victim.
  bool busy() const { return m_sqlState == "55P03" || m_sqlState == "40001" || m_sqlState == "40P01"; }
  bool constraint() const { return m_sqlState.rfind("23", 0) == 0; }
  bool permissionDenied() const { return m_sqlState == "42501"; }

 private:
  std::string m_sqlState;
  bool m_connectionLost;
};

// True for "PG:..." and "postgresql://..." project addresses.
bool isPgUri(std::string_view uri);
// The libpq conninfo of a "PG:..." address (the part after "PG:"), else the address unchanged.
std::string pgConnInfo(std::string_view uri);

struct PgResultDeleter {
  void operator()(pg_result* r) const;
};

class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(pg_result* r) : m_res(r) {}
  int rows() const;
  int columns() const;
  bool isNull(int row, int col) const;
  std::string text(int row, int col) const;
  std::int64_t getInt(int row, int col) const;
  double getDouble(int row, int col) const;
  // Binary column (bytea in text form "\x..." decoded).
  std::string bytes(int row, int col) const;
  std::string columnName(int col) const;
  // The cell as a store Value by its column's type: int2/4/8 -> integer, float4/8/numeric -> real,
  // everything else (text, date, ...) -> text.
  Value value(int row, int col) const;
  // Rows changed by an INSERT/UPDATE/DELETE.
  std::int64_t affected() const;

 private:
  std::unique_ptr<pg_result, PgResultDeleter> m_res;
};

// A parameter: NULL (nullopt) or text. Values convert with param().
using PgParam = std::optional<std::string>;
PgParam param(const Value& v);
PgParam param(std::int64_t v);
PgParam param(const std::string& v);
PgParam param(const char* v);
// A bytea parameter (geometry WKB) sent as "\x" hex text.
PgParam byteaParam(std::string_view bytes);

// An array parameter built element by element ("{\"a\",NULL,\"b\"}"), for unnest() batches.
class PgArray {
 public:
  void add(const PgParam& element);
  PgParam text() const { return m_text + "}"; }

 private:
  std::string m_text = "{";
  bool m_empty = true;
};

class PgConnection {
 public:
  // Connects; throws OpenError naming the address (never a password) when the server cannot be
  // reached or refuses.
  explicit PgConnection(const std::string& uri);
  ~PgConnection();
  PgConnection(PgConnection&& other) noexcept;
  PgConnection& operator=(PgConnection&& other) noexcept;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  const std::string& uri() const { return m_uri; }
  pg_conn* handle() const { return m_conn; }
  // False after the server dropped the connection (seen by the last call).
  bool ok() const;
  // Connects again (after a lost connection). Throws PgError(connectionLost) when it cannot.
  void reconnect();
  // ok() or reconnect(): call before starting new work, never inside a transaction.
  void ensureConnected();
  int backendPid() const;

  // Runs SQL (one or more statements, no parameters) and returns the last result.
  PgResult exec(const std::string& sql);
  // One statement with $1..$n text parameters.
  PgResult exec(const std::string& sql, const std::vector<PgParam>& params);
  bool inTransaction() const;

 private:
  PgResult check(pg_result* r, const std::string& sql);
  void close() noexcept;
  pg_conn* m_conn = nullptr;
  std::string m_uri;
};

// BEGIN on construction, ROLLBACK in the destructor unless commit() succeeded. A lost connection
// rolls back on the server by itself.
class PgTransaction {
 public:
  explicit PgTransaction(PgConnection& c);
  ~PgTransaction();
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;
  void commit();

 private:
  PgConnection* m_conn;
  bool m_open = true;
};

// Quotes an identifier ("user" -> "\"user\"") and a literal for SQL text built here.
std::string pgIdent(std::string_view name);
std::string pgLiteral(std::string_view text);

}  // namespace zhenmap::store
