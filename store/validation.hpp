// The one validation layer of the project store: the CLI, the demo import and the attribute
// table/forms all check values here before they reach SQLite (whose CHECK constraints are the
// last line of defence). Messages name the layer, feature and field but never the value of a
// sensitive (personal) field.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "errors.hpp"
#include "store/schema.hpp"
#include "store/value.hpp"

namespace zhenmap::store {

class Database;

class ValidationError : public DataError {
 public:
  ValidationError(const std::string& what, std::string field, Context ctx = {})
      : DataError(what, std::move(ctx)), m_field(std::move(field)) {}
  const std::string& field() const { return m_field; }

 private:
  std::string m_field;
};

// Field name -> value for one row (a full row, or the fields being set).
using Row = std::map<std::string, Value, std::less<>>;

// Parses user text for a field: "" or "NULL" is NULL; integers, reals and dates must parse whole.
// Throws ValidationError; does not check ranges (validateValue does).
Value parseValue(const LayerSpec& layer, const FieldSpec& field, std::string_view text);

// Type, required, enum, range, digits, length, date form of one value.
void validateValue(const LayerSpec& layer, const FieldSpec& field, const Value& v,
                   std::optional<std::int64_t> fid = std::nullopt);

// Every field of a full row plus the layer's cross-field rules (LayerSpec::rules: a number not
// above another, a date not before another, a code within its parent code).
void validateRow(const LayerSpec& layer, const Row& row, std::optional<std::int64_t> fid = std::nullopt);

// Only the cross-field rules. Rules whose fields are missing from `row` (or NULL) are skipped, so
// pass every field crossFieldInputs() names when any of them changes.
void validateCrossFields(const LayerSpec& layer, const Row& row, std::optional<std::int64_t> fid = std::nullopt);
// The fields the layer's cross-field rules read.
std::vector<std::string> crossFieldInputs(const LayerSpec& layer);

// Values that must exist in another table (FieldSpec::references, e.g. a township code).
void validateReferences(Database& db, const LayerSpec& layer, const Row& row,
                        std::optional<std::int64_t> fid = std::nullopt);
// The same for any store: exists(table, column, value) says whether a row holds the value.
using ReferenceLookup = std::function<bool(const std::string& table, const std::string& column, const Value& v)>;
void validateReferences(const ReferenceLookup& exists, const LayerSpec& layer, const Row& row,
                        std::optional<std::int64_t> fid = std::nullopt);

// Text shown for a value in messages and the audit log: "(redacted)" for sensitive fields.
std::string displayValue(const FieldSpec& field, const Value& v);

}  // namespace zhenmap::store
