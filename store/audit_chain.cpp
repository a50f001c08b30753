// The audit log's hash chain; see audit_chain.hpp.
#include "store/audit_chain.hpp"

#include <openssl/evp.h>

#include <algorithm>

#include "errors.hpp"
#include "store/database.hpp"

namespace zhenmap::store {

const char* const kAuditColumns =
    "id, layer, feature_id, action, field, old_value, new_value, new_version, \"user\", time, reason, context, hash";

namespace {

void add(std::string& out, const std::optional<std::string>& v) {
  if (!v) {
    out += '-';
    return;
  }
  out += std::to_string(v->size());
  out += ':';
  out += *v;
}

void add(std::string& out, const std::string& v) { add(out, std::optional<std::string>(v)); }

}  // namespace

std::string sha256Hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &n, EVP_sha256(), nullptr) != 1) {
    throw DataError("SHA-256 failed (OpenSSL)");
  }
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (unsigned int i = 0; i < n; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

std::string auditContent(const AuditRecord& r) {
  std::string out;
  add(out, std::to_string(r.id));
  add(out, r.layer);
  add(out, std::to_string(r.featureId));
  add(out, r.action);
  add(out, r.field);
  add(out, r.oldValue);
  add(out, r.newValue);
  add(out, std::to_string(r.newVersion));
  add(out, r.user);
  add(out, r.time);
  add(out, r.reason);
  add(out, r.context);
  return out;
}

std::string auditSeal(const std::string& previous, const AuditRecord& row) {
  return sha256Hex(previous + auditContent(row));
}

AuditRecord readAuditRecord(const std::vector<std::optional<std::string>>& c) {
  AuditRecord r;
  r.id = std::stoll(c[0].value_or("0"));
  r.layer = c[1].value_or("");
  r.featureId = std::stoll(c[2].value_or("0"));
  r.action = c[3].value_or("");
  r.field = c[4].value_or("");
  r.oldValue = c[5];
  r.newValue = c[6];
  r.newVersion = std::stoll(c[7].value_or("0"));
  r.user = c[8].value_or("");
  r.time = c[9].value_or("");
  r.reason = c[10];
  r.context = c[11];
  r.hash = c[12];
  return r;
}

AuditVerification verifyAuditChain(const std::vector<AuditRecord>& rows) {
  AuditVerification v;
  std::string previous;
  std::optional<std::int64_t> firstUnsealed;
  for (const AuditRecord& r : rows) {
    ++v.rows;
    const std::string expected = auditSeal(previous, r);
    if (!r.hash) {
      if (!firstUnsealed) firstUnsealed = r.id;
      ++v.unsealed;
    } else if (firstUnsealed) {
      v.intact = false;
      v.broken = *firstUnsealed;
      v.reason = "audit row " + std::to_string(*firstUnsealed) + " has lost its seal while later rows are sealed";
      return v;
    } else if (*r.hash != expected) {
      v.intact = false;
      v.broken = r.id;
      v.reason = "audit row " + std::to_string(r.id) + " (" + r.layer + " id " + std::to_string(r.featureId) + " " +
                 r.field + ", " + r.time +
                 ") does not match its seal: it was changed, or a row before it was removed or changed";
      return v;
    }
    previous = expected;
  }
  v.head = previous;
  return v;
}

std::int64_t sealAudit(Database& db) {
  std::string previous;
  std::int64_t lastSealed = 0;
  {
    Statement last = db.prepare("SELECT id, hash FROM audit_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1");
    if (last.step()) {
      lastSealed = last.getInt(0);
      previous = last.getText(1);
    }
  }
  Statement rows =
      db.prepare(std::string("SELECT ") + kAuditColumns + " FROM audit_log WHERE hash IS NULL AND id > ? ORDER BY id");
  rows.bindInt(1, lastSealed);
  // Read first, then write: the rows are found through the index the updates change.
  std::vector<AuditRecord> pending;
  std::vector<std::optional<std::string>> cells(13);
  while (rows.step()) {
    for (int c = 0; c < 13; ++c) {
      cells[static_cast<std::size_t>(c)] = rows.isNull(c) ? std::nullopt : std::optional(rows.getText(c));
    }
    pending.push_back(readAuditRecord(cells));
  }
  // The seals go out in batches of up to kSealBatch rows per UPDATE: one statement per row took
  // about half of a 10,000-edit commit (issue 24).
  constexpr std::size_t kSealBatch = 400;
  std::vector<std::string> seals;
  seals.reserve(pending.size());
  for (const AuditRecord& r : pending) seals.push_back(previous = auditSeal(previous, r));
  for (std::size_t start = 0; start < pending.size(); start += kSealBatch) {
    const std::size_t count = std::min(kSealBatch, pending.size() - start);
    std::string sql = "UPDATE audit_log SET hash = v.column2 FROM (VALUES ";
    for (std::size_t k = 0; k < count; ++k) sql += k ? ", (?, ?)" : "(?, ?)";
    sql += ") AS v WHERE audit_log.id = v.column1";
    Statement seal = db.prepare(sql);
    for (std::size_t k = 0; k < count; ++k) {
      const int p = static_cast<int>(2 * k);
      seal.bindInt(p + 1, pending[start + k].id).bindText(p + 2, seals[start + k]);
    }
    seal.run();
  }
  return static_cast<std::int64_t>(pending.size());
}

}  // namespace zhenmap::store
