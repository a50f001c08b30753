// The edit session of an open project: the ONLY owner of pending (uncommitted) edits, with one
// undo/redo stack of commands: set attribute(s), insert a feature (attributes + geometry, a
// temporary negative id until commit), delete a feature, set a geometry, restore a version from
// the audit log. One user action is one undo step (Group); repeated edits of the same cell or
// geometry merge. Every command is validated first (validation.hpp, geometry_check.hpp) and
// changes nothing when it fails. commit() writes everything in ONE transaction on either engine,
// with conflict detection for cells and geometry, and returns what changed (ChangeSet).
// The attribute table, identify, meeting mode's live editor and `zhenmap edit` are views or
// clients of one session. Observers hear about pending-state changes and commits.
// UI thread (or one thread) only, like the ProjectStore it uses.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/change_set.hpp"
#include "store/edit_buffer.hpp"
#include "store/project_store.hpp"

namespace zhenmap::store {

// A feature with pending changes, as the window draws it.
struct PendingFeature {
  std::int64_t id = 0;  // < 0: inserted in this session
  bool inserted = false;
  bool deleted = false;
  bool geometryChanged = false;  // an inserted feature's geometry counts as changed
  std::set<std::string> fields;  // fields with pending values (stored features)
};

class EditSession {
 public:
  enum class EventKind {
    Pending,    // the pending state changed (a command, undo, redo); `features` says which
    Committed,  // a commit succeeded; `changes` says what it wrote
    Discarded,  // every pending edit was dropped; `features` were pending
  };
  struct Event {
    EventKind kind;
    std::set<FeatureKey> features;
    const ChangeSet* changes = nullptr;  // Committed only
  };
  using Listener = std::function<void(const Event&)>;
  // Unsubscribes when destroyed (or reset); may outlive the session.
  class Subscription {
   public:
    Subscription() = default;
    Subscription(std::weak_ptr<void> owner, std::function<void()> cancel)
        : m_owner(std::move(owner)), m_cancel(std::move(cancel)) {}
    Subscription(Subscription&&) noexcept = default;
    Subscription& operator=(Subscription&& o) noexcept {
      reset();
      m_owner = std::move(o.m_owner);
      m_cancel = std::move(o.m_cancel);
      return *this;
    }
    ~Subscription() { reset(); }
    void reset() {
      if (m_cancel && !m_owner.expired()) m_cancel();
      m_cancel = nullptr;
    }

   private:
    std::weak_ptr<void> m_owner;
    std::function<void()> m_cancel;
  };

  // Commands recorded while a Group lives are one undo step. cancel() (or an exception leaving
  // the scope before done()) takes back what the group recorded: all or nothing.
  class Group {
   public:
    explicit Group(EditSession& s) : m_session(s) { s.beginGroup(); }
    ~Group() {
      if (!m_done) m_session.cancelGroup();
    }
    Group(const Group&) = delete;
    Group& operator=(const Group&) = delete;
    void done() {
      if (!m_done) m_session.endGroup();
      m_done = true;
    }

   private:
    EditSession& m_session;
    bool m_done = false;
  };

  explicit EditSession(ProjectStore& store);
  EditSession(const EditSession&) = delete;
  EditSession& operator=(const EditSession&) = delete;
  ProjectStore& store() { return m_store; }

  // --- commands. Each validates first and throws ValidationError (bad value, geometry) or
  // DataError (no such layer/feature, read-only) without changing anything.
  void setValue(const CellKey& cell, const Value& value);
  // Parses user text for the cell's field first (CLI, forms, the table).
  void setText(const CellKey& cell, const std::string& text);
  // The same text into one field of many features: all or nothing, one undo step.
  void setTextMany(const std::string& layer, const std::vector<std::int64_t>& ids, const std::string& field,
                   const std::string& text);
  // A new feature: attributes (missing fields get their default, else NULL) and its geometry as
  // WKB in EPSG:4490 lon/lat (a POLYGON goes into a MULTIPOLYGON layer as a one-part multi).
  // Returns the temporary id (negative) the feature has until commit.
  std::int64_t insertFeature(const std::string& layer, const Row& attributes, const std::string& wkb);
  void deleteFeature(const std::string& layer, std::int64_t id);
  // A new geometry (WKB, EPSG:4490) for a stored or inserted feature.
  void setGeometry(const std::string& layer, std::int64_t id, const std::string& wkb);
  // Puts the feature back to its state right after the audit entry `auditId` (a row of
  // ProjectStore::history; for a delete entry: the row it deleted): attributes and geometry as
  // recorded then; a deleted feature comes back as a new one (insertFeature). One command, one
  // undo step; commit it with context "restore". Sensitive fields were never recorded in the
  // audit log: they keep their current value (NULL for a deleted feature). Throws DataError when
  // the entry does not belong to the feature.
  void restoreVersion(const std::string& layer, std::int64_t id, std::int64_t auditId);

  // --- undo / redo
  void sealStep() { m_buffer.sealStep(); }
  bool canUndo() const { return m_buffer.canUndo(); }
  bool canRedo() const { return m_buffer.canRedo(); }
  void undo();
  void redo();

  // --- pending state
  bool hasChanges() const { return !m_buffer.empty(); }
  // Pending cells of stored features.
  std::size_t pendingCellCount() const { return m_buffer.size(); }
  std::optional<Value> pendingValue(const CellKey& cell) const;
  // The pending value, else the stored one (reads the store). Throws DataError for no feature.
  Value currentValue(const CellKey& cell);
  bool isInserted(const std::string& layer, std::int64_t id) const;
  bool isDeleted(const std::string& layer, std::int64_t id) const;
  bool hasPendingGeometry(const std::string& layer, std::int64_t id) const;
  // The geometry a stored feature will get, or an inserted feature's geometry (WKB, EPSG:4490).
  std::optional<std::string> pendingGeometry(const std::string& layer, std::int64_t id) const;
  // The attributes of a feature inserted in this session.
  std::optional<Row> insertedAttributes(const std::string& layer, std::int64_t id) const;
  std::vector<PendingFeature> pendingFeatures(const std::string& layer) const;
  const EditBuffer& buffer() const { return m_buffer; }
  // Drops every pending edit and the undo history.
  void discard();

  // Checks every pending feature as it would be after commit (rows, rules, references,
  // geometry). Throws ValidationError.
  void validatePending();
  // Writes everything in one transaction, or nothing. On success the session is empty and the
  // change set says what was written. Throws ValidationError, ConflictError (cells and
  // geometry: theirs and yours), ReadOnlyError, SqliteError/PgError (busy(): locked); in every
  // failure the pending edits stay as they were.
  ChangeSet commit(const CommitOptions& options = {});
  // After a ConflictError: keepMine[i] keeps your edit of conflicts[i] on top of their row (its
  // version is read again, so the next commit writes it), else takes theirs (your edit of that
  // cell or geometry is dropped). The undo history is reset.
  void resolveConflicts(const std::vector<Conflict>& conflicts, const std::vector<bool>& keepMine);

  Subscription subscribe(Listener listener);

 private:
  struct StoredRow {
    std::int64_t version = 0;
    std::vector<Value> values;  // in layer-spec field order
  };
  void beginGroup();
  void endGroup();
  void cancelGroup();
  void notify(EventKind kind, std::set<FeatureKey> features, const ChangeSet* changes = nullptr);
  // The stored row of a feature: from the read-ahead cache, else read (with the rows after it when
  // edits walk a layer in id order). Throws DataError when the feature does not exist.
  const StoredRow& storedRow(const LayerSpec& spec, std::int64_t id);
  std::string storedGeometry(const LayerSpec& spec, std::int64_t id);
  void recordValue(const LayerSpec& spec, const FieldSpec& field, std::int64_t id, Value v);
  void dropCache();

  ProjectStore& m_store;
  EditBuffer m_buffer;
  std::set<FeatureKey> m_touched;  // features the open group changed (for one Pending event)
  int m_depth = 0;
  // Read-ahead cache of stored rows: filled by storedRow(), dropped after a commit, a discard,
  // and one second after it was filled (edits then read the store afresh).
  std::map<FeatureKey, StoredRow> m_cache;
  std::map<std::string, std::int64_t> m_nextSequential;  // layer -> id after the last read range
  std::int64_t m_cacheFilledMs = 0;
  struct Listeners;
  std::shared_ptr<Listeners> m_listeners;
};

}  // namespace zhenmap::store
