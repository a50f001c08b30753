// libpq RAII wrapper; see pg_connection.hpp.
#include "store/pg_connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>
#include <utility>

#include "store/redact.hpp"

namespace zhenmap::store {

namespace {

// Type OIDs of pg_type (stable across PostgreSQL versions).
constexpr Oid kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701, kNumeric = 1700, kBool = 16;

// The address as errors show it: passwords redacted (redact.hpp).
std::string safeAddress(const std::string& uri) { return redactSecrets(uri); }

std::string trimMessage(const char* msg) {
  std::string s = msg ? msg : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  const auto nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

}  // namespace

bool isPgUri(std::string_view uri) {
  return uri.rfind("PG:", 0) == 0 || uri.rfind("postgresql://", 0) == 0 || uri.rfind("postgres://", 0) == 0;
}

std::string pgConnInfo(std::string_view uri) {
  if (uri.rfind("PG:", 0) == 0) return std::string(uri.substr(3));
  return std::string(uri);
}

void PgResultDeleter::operator()(pg_result* r) const { PQclear(r); }

int PgResult::rows() const { return m_res ? PQntuples(m_res.get()) : 0; }
int PgResult::columns() const { return m_res ? PQnfields(m_res.get()) : 0; }
bool PgResult::isNull(int row, int col) const { return PQgetisnull(m_res.get(), row, col) != 0; }
std::string PgResult::text(int row, int col) const {
  return std::string(PQgetvalue(m_res.get(), row, col), static_cast<std::size_t>(PQgetlength(m_res.get(), row, col)));
}
std::int64_t PgResult::getInt(int row, int col) const {
  const char* s = PQgetvalue(m_res.get(), row, col);
  return std::strtoll(s, nullptr, 10);
}
double PgResult::getDouble(int row, int col) const { return std::strtod(PQgetvalue(m_res.get(), row, col), nullptr); }
std::string PgResult::columnName(int col) const { return PQfname(m_res.get(), col); }

std::string PgResult::bytes(int row, int col) const {
  if (isNull(row, col)) return {};
  std::size_t n = 0;
  unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(m_res.get(), row, col)), &n);
  if (!raw) return {};
  std::string out(reinterpret_cast<const char*>(raw), n);
  PQfreemem(raw);
  return out;
}

Value PgResult::value(int row, int col) const {
  if (isNull(row, col)) return std::monostate{};
  const Oid type = PQftype(m_res.get(), col);
  if (type == kInt2 || type == kInt4 || type == kInt8) return getInt(row, col);
  if (type == kBool) return std::int64_t{text(row, col) == "t" ? 1 : 0};
  if (type == kFloat4 || type == kFloat8 || type == kNumeric) return getDouble(row, col);
  return text(row, col);
}

std::int64_t PgResult::affected() const {
  const char* s = m_res ? PQcmdTuples(m_res.get()) : "";
  return *s ? std::strtoll(s, nullptr, 10) : 0;
}

PgParam param(const Value& v) {
  if (isNull(v)) return std::nullopt;
  return toText(v);
}
PgParam param(std::int64_t v) { return std::to_string(v); }
PgParam param(const std::string& v) { return v; }
PgParam param(const char* v) { return std::string(v); }

PgParam byteaParam(std::string_view bytes) {
  static const char* hex = "0123456789abcdef";
  std::string s = "\\x";
  s.reserve(2 + bytes.size() * 2);
  for (unsigned char c : bytes) {
    s += hex[c >> 4];
    s += hex[c & 15];
  }
  return s;
}

void PgArray::add(const PgParam& element) {
  if (!m_empty) m_text += ',';
  m_empty = false;
  if (!element) {
    m_text += "NULL";
    return;
  }
  m_text += '"';
  for (char c : *element) {
    if (c == '"' || c == '\\') m_text += '\\';
    m_text += c;
  }
  m_text += '"';
}

PgConnection::PgConnection(const std::string& uri) : m_uri(uri) {
  m_conn = PQconnectdb(pgConnInfo(uri).c_str());
  if (!m_conn || PQstatus(m_conn) != CONNECTION_OK) {
    const std::string msg = m_conn ? trimMessage(PQerrorMessage(m_conn)) : "out of memory";
    close();
    throw OpenError("cannot connect to the project server: " + msg, {safeAddress(uri)});
  }
  // Values travel as text in ISO forms; the client encoding is the project's (UTF-8).
  exec("SET client_encoding = 'UTF8'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 3; "
       "SET client_min_messages = warning");
}

PgConnection::~PgConnection() { close(); }

PgConnection::PgConnection(PgConnection&& other) noexcept
    : m_conn(std::exchange(other.m_conn, nullptr)), m_uri(std::move(other.m_uri)) {}

PgConnection& PgConnection::operator=(PgConnection&& other) noexcept {
  if (this != &other) {
    close();
    m_conn = std::exchange(other.m_conn, nullptr);
    m_uri = std::move(other.m_uri);
  }
  return *this;
}

void PgConnection::close() noexcept {
  if (m_conn) PQfinish(m_conn);
  m_conn = nullptr;
}

bool PgConnection::ok() const { return m_conn && PQstatus(m_conn) == CONNECTION_OK; }

void PgConnection::reconnect() {
  if (!m_conn) {
    *this = PgConnection(m_uri);
    return;
  }
  PQreset(m_conn);
  if (PQstatus(m_conn) != CONNECTION_OK) {
    throw PgError("cannot reconnect to the project server: " + trimMessage(PQerrorMessage(m_conn)), "", true,
                  {safeAddress(m_uri)});
  }
  exec("SET client_encoding = 'UTF8'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 3; "
       "SET client_min_messages = warning");
}

void PgConnection::ensureConnected() {
  if (!ok()) reconnect();
}

int PgConnection::backendPid() const { return m_conn ? PQbackendPID(m_conn) : 0; }

bool PgConnection::inTransaction() const {
  return m_conn && PQtransactionStatus(m_conn) != PQTRANS_IDLE && PQtransactionStatus(m_conn) != PQTRANS_UNKNOWN;
}

PgResult PgConnection::check(pg_result* r, const std::string& sql) {
  PgResult res(r);
  const ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return res;
  const bool lost = PQstatus(m_conn) != CONNECTION_OK;
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = r ? trimMessage(PQresultErrorMessage(r)) : "";
  if (msg.empty()) msg = trimMessage(PQerrorMessage(m_conn));
  if (lost) msg = "connection to the project server lost: " + msg;
  throw PgError(msg + " (in '" + sql.substr(0, 60) + "')", state ? state : "", lost, {safeAddress(m_uri)});
}

PgResult PgConnection::exec(const std::string& sql) {
  if (!m_conn) throw PgError("not connected", "", true, {safeAddress(m_uri)});
  return check(PQexec(m_conn, sql.c_str()), sql);
}

PgResult PgConnection::exec(const std::string& sql, const std::vector<PgParam>& params) {
  if (!m_conn) throw PgError("not connected", "", true, {safeAddress(m_uri)});
  std::vector<const char*> values(params.size());
  for (std::size_t i = 0; i < params.size(); ++i) values[i] = params[i] ? params[i]->c_str() : nullptr;
  return check(PQexecParams(m_conn, sql.c_str(), static_cast<int>(params.size()), nullptr, values.data(), nullptr,
                            nullptr, 0),
               sql);
}

PgTransaction::PgTransaction(PgConnection& c) : m_conn(&c) { c.exec("BEGIN"); }

PgTransaction::~PgTransaction() {
  if (!m_open || !m_conn->ok()) return;
  try {
    m_conn->exec("ROLLBACK");
  } catch (const PgError&) {  // the server already ended the transaction
  }
}

void PgTransaction::commit() {
  m_conn->exec("COMMIT");
  m_open = false;
}

std::string pgIdent(std::string_view name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string pgLiteral(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

}  // namespace zhenmap::store
