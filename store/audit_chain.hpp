// Tamper evidence for the audit log: every row carries a SHA-256 hash over the previous row's hash
// and its own content, so that changing or removing a sealed row breaks the chain from there on.
// One definition of a row's content serves both engines: the PostgreSQL triggers compute the
// same string and hash in SQL (pg_audit.cpp), a project file's rows are sealed by zhenmap in C++
// (a trigger run by another SQLite program cannot compute SHA-256, so its rows stay unsealed, hash
// NULL, until zhenmap's next commit seals them in id order), and verification walks the chain the
// same way on both.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace zhenmap::store {

class Database;

// One audit row as the chain sees it (NULL columns as nullopt).
struct AuditRecord {
  std::int64_t id = 0;
  std::string layer;
  std::int64_t featureId = 0;
  std::string action;  // insert, update, delete
  std::string field;
  std::optional<std::string> oldValue;
  std::optional<std::string> newValue;
  std::int64_t newVersion = 0;
  std::string user;
  std::string time;
  std::optional<std::string> reason;
  std::optional<std::string> context;
  std::optional<std::string> hash;  // nullopt: not sealed yet
};

// Lower-case hex SHA-256 of `bytes`.
std::string sha256Hex(const std::string& bytes);
// The row's content for the chain: every column but the hash, each as "-" for NULL or
// "<byte length>:<text>", concatenated.
std::string auditContent(const AuditRecord& row);
// The seal of a row: sha256Hex(previous seal + content); the first row's previous seal is "".
std::string auditSeal(const std::string& previous, const AuditRecord& row);

struct AuditVerification {
  bool intact = true;
  std::int64_t rows = 0;
  std::int64_t unsealed = 0;           // rows after the last seal (a file's rows other programs wrote)
  std::optional<std::int64_t> broken;  // the first row whose seal does not match
  std::string reason;                  // why it is broken
  std::string head;                    // the last row's seal (or its chain value when unsealed)
};
// Walks rows in id order (as read from either engine).
AuditVerification verifyAuditChain(const std::vector<AuditRecord>& rows);

// Seals every unsealed row after the last sealed one, in id order, in the caller's transaction
// on a project file. Returns the number of rows sealed.
std::int64_t sealAudit(Database& db);

// The columns of audit_log in the order AuditRecord reads them.
extern const char* const kAuditColumns;
AuditRecord readAuditRecord(const std::vector<std::optional<std::string>>& cells);

}  // namespace zhenmap::store
