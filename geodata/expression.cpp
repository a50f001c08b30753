// SQLite-backed expression evaluation; see expression.hpp. The layer's attributes are copied into
// an in-memory table, then `SELECT (expr) FROM t ORDER BY rowid` runs under an authorizer that
// allows nothing but reading that table and calling functions, within a budget of virtual-machine
// steps (a cross join of the table with itself five times must not hang the window) and of value
// length (randomblob(1e9) must not take a gigabyte).
#include "expression.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <memory>

#include "message_text.hpp"

namespace zhenmap {

namespace {

struct DbClose {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalize {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, DbClose>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

std::string quoteIdent(const std::string& name) {
  std::string q = "\"";
  for (char c : name) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

constexpr std::size_t kMaxExpressionChars = 100000;
constexpr std::int64_t kMinValueBytes = std::int64_t{16} << 20;
constexpr std::int64_t kBaseSteps = 100'000'000;  // SQLite VM instructions: about a second
constexpr std::int64_t kStepsPerFeature = 2000;   // a plain expression takes tens per feature
constexpr int kStepsPerCheck = 1000;
constexpr std::int64_t kMaxTextBytes = std::int64_t{256} << 20;  // all values of one evaluation

struct StepBudget {
  std::int64_t left = 0;
  bool exhausted = false;
};

int countSteps(void* budget) {
  auto* b = static_cast<StepBudget*>(budget);
  b->left -= kStepsPerCheck;
  b->exhausted = b->left < 0;
  return b->exhausted ? 1 : 0;  // non-zero interrupts the statement
}

int readOnlyAuthorizer(void*, int action, const char*, const char*, const char*, const char*) {
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_FUNCTION:
      return SQLITE_OK;
    default:
      return SQLITE_DENY;
  }
}

StmtPtr prepare(sqlite3* db, const std::string& sql, const std::string& what, const LayerData& layer) {
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, &tail);
  StmtPtr stmt(raw);
  if (rc != SQLITE_OK) {
    // SQLite's message quotes the text near the error: a line break or a megabyte of it, too.
    throw ExpressionError("bad expression '" + quoteForMessage(what) + "': " + quoteForMessage(sqlite3_errmsg(db), 120),
                          {layer.source, layer.name, {}});
  }
  // Everything after the statement must be blank, up to the end of the text (not the first NUL).
  for (const char* end = sql.data() + sql.size(); tail && tail < end; ++tail) {
    if (*tail != ' ' && *tail != '\n' && *tail != '\t' && *tail != ';') {
      throw ExpressionError("bad expression '" + quoteForMessage(what) + "': only one expression is allowed",
                            {layer.source, layer.name, {}});
    }
  }
  return stmt;
}

void bindValue(sqlite3_stmt* s, int i, const AttributeValue& v, FieldType type) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) {
    sqlite3_bind_int64(s, i, *n);
  } else if (const auto* d = std::get_if<double>(&v)) {
    sqlite3_bind_double(s, i, *d);
  } else if (const auto* t = std::get_if<std::string>(&v)) {
    sqlite3_bind_text(s, i, t->c_str(), static_cast<int>(t->size()), SQLITE_TRANSIENT);
  } else if (std::holds_alternative<DateTime>(v)) {
    const std::string iso = toDisplayString(v, type);  // ISO 8601 compares and sorts as text
    sqlite3_bind_text(s, i, iso.c_str(), static_cast<int>(iso.size()), SQLITE_TRANSIENT);
  } else {
    sqlite3_bind_null(s, i);
  }
}

// Runs `SELECT (expr) FROM t` over the layer's attributes and hands each row's value to sink.
template <typename Sink>
void run(const LayerData& layer, const std::string& expr, Sink&& sink) {
  if (expr.find('\0') != std::string::npos) {
    // SQLite would stop reading at it: "1)\0 FROM x" must not become "SELECT (1)" without the table.
    throw ExpressionError("the expression contains a NUL character", {layer.source, layer.name, {}});
  }
  if (expr.size() > kMaxExpressionChars) {
    throw ExpressionError("the expression is longer than " + std::to_string(kMaxExpressionChars) + " characters",
                          {layer.source, layer.name, {}});
  }
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    sqlite3_close_v2(raw);
    throw ExpressionError("cannot open an in-memory SQLite database");
  }
  DbPtr db(raw);
  std::string create = "CREATE TABLE t(";
  std::string insert = "INSERT INTO t VALUES(";
  for (std::size_t i = 0; i < layer.fields.size(); ++i) {
    create += (i ? "," : "") + quoteIdent(layer.fields[i].name);
    insert += i ? ",?" : "?";
  }
  if (layer.fields.empty()) {
    create += "\"_no_fields\"";
    insert += "NULL";
  }
  create += ")";
  insert += ")";
  sqlite3_exec(db.get(), "BEGIN", nullptr, nullptr, nullptr);
  if (sqlite3_exec(db.get(), create.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    throw ExpressionError(std::string("cannot build the attribute table: ") + sqlite3_errmsg(db.get()),
                          {layer.source, layer.name, {}});
  }
  std::int64_t largestRow = 0;
  {
    StmtPtr ins = prepare(db.get(), insert, insert, layer);
    for (const Feature& f : layer.features) {
      std::int64_t rowBytes = 0;
      for (std::size_t i = 0; i < layer.fields.size(); ++i) {
        const AttributeValue& v = i < f.attributes.size() ? f.attributes[i] : AttributeValue{};
        bindValue(ins.get(), static_cast<int>(i + 1), v, layer.fields[i].type);
        const auto* text = std::get_if<std::string>(&v);
        rowBytes += 16 + (text ? static_cast<std::int64_t>(text->size()) : 0);
      }
      largestRow = std::max(largestRow, rowBytes);
      sqlite3_step(ins.get());
      sqlite3_reset(ins.get());
    }
  }
  sqlite3_exec(db.get(), "COMMIT", nullptr, nullptr, nullptr);
  // From here on only the expression runs: values up to a few times the largest row, a step
  // budget that grows with the layer, no extension loading or tokenizer pointers.
  const std::int64_t maxBytes = std::min<std::int64_t>(std::max(kMinValueBytes, 4 * largestRow), 1'000'000'000);
  sqlite3_limit(db.get(), SQLITE_LIMIT_LENGTH, static_cast<int>(maxBytes));
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, nullptr);
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_set_authorizer(db.get(), readOnlyAuthorizer, nullptr);
  StepBudget budget{kBaseSteps + kStepsPerFeature * static_cast<std::int64_t>(layer.features.size())};
  sqlite3_progress_handler(db.get(), kStepsPerCheck, countSteps, &budget);
  StmtPtr sel = prepare(db.get(), "SELECT (" + expr + ") FROM t ORDER BY rowid", expr, layer);
  int rc;
  std::size_t rows = 0;
  while ((rc = sqlite3_step(sel.get())) == SQLITE_ROW) {
    // One value per feature is what callers index by; an expression that changes the query's shape
    // (closing the parenthesis, a UNION, a LIMIT) is refused.
    if (++rows > layer.features.size()) break;
    sink(sel.get());
  }
  if (rc == SQLITE_ROW || (rc == SQLITE_DONE && rows != layer.features.size())) {
    throw ExpressionError("bad expression '" + quoteForMessage(expr) + "': it must give one value per feature",
                          {layer.source, layer.name, {}});
  }
  if (budget.exhausted) {
    throw ExpressionError(
        "the expression '" + quoteForMessage(expr) +
            "' takes too long on this layer; write it more simply (no joins of the table with itself)",
        {layer.source, layer.name, {}});
  }
  if (rc != SQLITE_DONE) {
    throw ExpressionError(
        "cannot evaluate '" + quoteForMessage(expr) + "': " + quoteForMessage(sqlite3_errmsg(db.get()), 120),
        {layer.source, layer.name, {}});
  }
}

}  // namespace

std::vector<AttributeValue> evaluateExpression(const LayerData& layer, const std::string& expression) {
  std::vector<AttributeValue> out;
  out.reserve(layer.features.size());
  std::int64_t textBytes = 0;
  run(layer, expression, [&](sqlite3_stmt* s) {
    switch (sqlite3_column_type(s, 0)) {
      case SQLITE_INTEGER:
        out.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(s, 0)));
        break;
      case SQLITE_FLOAT:
        out.emplace_back(sqlite3_column_double(s, 0));
        break;
      case SQLITE_TEXT:
        textBytes += sqlite3_column_bytes(s, 0);
        if (textBytes > kMaxTextBytes) {
          throw ExpressionError("the expression's values take more than " + std::to_string(kMaxTextBytes >> 20) +
                                    " MiB of text on this layer",
                                {layer.source, layer.name, {}});
        }
        out.emplace_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)),
                                     static_cast<std::size_t>(sqlite3_column_bytes(s, 0))));
        break;
      default:
        out.emplace_back(std::monostate{});
    }
  });
  return out;
}

std::vector<bool> evaluateFilter(const LayerData& layer, const std::string& filter) {
  std::vector<bool> out;
  out.reserve(layer.features.size());
  run(layer, filter, [&](sqlite3_stmt* s) {
    out.push_back(sqlite3_column_type(s, 0) != SQLITE_NULL && sqlite3_column_int64(s, 0) != 0);
  });
  return out;
}

}  // namespace zhenmap
