// Thin RAII layer over SQLite with SpatiaLite loaded: a move-only Database (one connection), prepared
// Statements, and a Transaction that rolls back in its destructor unless committed.
// One Database per thread; SQLite connections are not shared between threads here.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "errors.hpp"
#include "store/value.hpp"

namespace zhenmap::store {

// An SQLite call failed. code() is SQLite's extended result code.
class SqliteError : public DataError {
 public:
  SqliteError(const std::string& what, int code, Context ctx = {})
      : DataError(what + " (SQLite " + std::to_string(code) + ")", std::move(ctx)), m_code(code) {}
  int code() const { return m_code; }
  bool busy() const { return (m_code & 0xff) == SQLITE_BUSY || (m_code & 0xff) == SQLITE_LOCKED; }

 private:
  int m_code;
};

// The file is open read-only (not writable on disk, or opened so) and a write was asked for.
class ReadOnlyError : public DataError {
 public:
  using DataError::DataError;
};

// The file's schema would run something zhenmap does not run for a file from elsewhere (a trigger,
// view, check or default calling a function outside the allow-list of schema_guard.hpp). The file
// is left as it was.
class UntrustedFileError : public OpenError {
 public:
  using OpenError::OpenError;
};

// A zhenmap project this program cannot read as one: from a newer zhenmap, or a layer table or
// its geometry column missing (checkProjectStructure, schema.hpp). Never read as plain data either.
class DamagedProjectError : public OpenError {
 public:
  using OpenError::OpenError;
};

enum class OpenMode { ReadOnly, ReadWrite, Create };

class Statement;

class Database {
 public:
  // Opens (or creates) path, loads SpatiaLite into the connection, restricts what the file can run
  // (schema_guard.hpp: UntrustedFileError), enables foreign keys, sets the busy timeout. ReadWrite
  // on a file the process cannot write falls back to read-only (readOnly() tells); a missing file
  // with ReadOnly/ReadWrite throws OpenError.
  Database(const std::string& path, OpenMode mode, int busyTimeoutMs = 5000);
  // No connection (a placeholder, like a moved-from Database); every call fails.
  Database() = default;
  ~Database();
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  sqlite3* handle() const { return m_db; }
  const std::string& path() const { return m_path; }
  bool readOnly() const { return m_readOnly; }

  // Runs one or more statements without results.
  void exec(const std::string& sql);
  Statement prepare(std::string_view sql) const;
  std::int64_t lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }
  int changes() const { return sqlite3_changes(m_db); }
  // Throws SqliteError with the connection's message and code.
  [[noreturn]] void fail(const std::string& what, int code) const;

 private:
  void close() noexcept;
  void checkSchema();
  sqlite3* m_db = nullptr;
  void* m_spatialiteCache = nullptr;
  std::string m_path;
  bool m_readOnly = false;
};

class Statement {
 public:
  Statement(const Database& db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based, as in SQLite.
  Statement& bind(int index, const Value& v);
  // Integer without going through Value (a separate name: a double must never bind as an integer).
  Statement& bindInt(int index, std::int64_t v);
  // Binds text without copying it: `text` must stay alive and unchanged until run() or reset().
  Statement& bindText(int index, std::string_view text);
  Statement& bindBlob(int index, const void* data, std::size_t size);
  // Steps once: true while a row is available.
  bool step();
  // Steps to completion (for statements without results).
  void run();
  void reset();

  int columnCount() const { return sqlite3_column_count(m_stmt); }
  std::string columnName(int col) const { return sqlite3_column_name(m_stmt, col); }
  bool isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }
  std::int64_t getInt(int col) const { return sqlite3_column_int64(m_stmt, col); }
  double getDouble(int col) const { return sqlite3_column_double(m_stmt, col); }
  std::string getText(int col) const;
  std::string getBlob(int col) const;
  Value getValue(int col) const;

 private:
  const Database* m_db = nullptr;
  sqlite3_stmt* m_stmt = nullptr;
};

// BEGIN IMMEDIATE (takes the write lock at once, waiting up to the busy timeout), or BEGIN DEFERRED
// for reads. Rolls back on destruction unless commit() succeeded.
class Transaction {
 public:
  enum class Kind { Deferred, Immediate };
  explicit Transaction(Database& db, Kind kind = Kind::Immediate);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database* m_db;
  bool m_open = true;
};

}  // namespace zhenmap::store
