// The edit buffer on its own: undo/redo, merging of repeated edits of one cell, base versions.
#include <gtest/gtest.h>

#include "store/edit_buffer.hpp"

using namespace zhenmap::store;

namespace {
const CellKey kName{"project_sites", 7, "name"};
const CellKey kStatus{"project_sites", 7, "status"};
Value text(const char* s) { return std::string(s); }
}  // namespace

TEST(StoreEditBuffer, RepeatedEditsOfOneCellMergeIntoOneUndoStep) {
  EditBuffer b;
  b.set(kName, text("a"), text("orig"), 3);
  b.set(kName, text("ab"), text("ignored"), 99);
  b.set(kName, text("abc"), text("ignored"), 99);
  EXPECT_EQ(*b.pending(kName), text("abc"));
  EXPECT_EQ(b.changes().at(kName).original, text("orig"));
  EXPECT_EQ(*b.baseVersion(kName.feature()), 3);
  b.undo();
  EXPECT_TRUE(b.empty());
  EXPECT_FALSE(b.canUndo());
  b.redo();
  EXPECT_EQ(*b.pending(kName), text("abc"));
}

TEST(StoreEditBuffer, UndoRedoAcrossCellsAndSealedSteps) {
  EditBuffer b;
  b.set(kName, text("a"), text("orig"), 3);
  b.set(kStatus, text("completed"), text("started"), 3);
  b.set(kName, text("b"), text("orig"), 3);  // different cell came between: a new step
  EXPECT_EQ(b.size(), 2u);
  b.undo();
  EXPECT_EQ(*b.pending(kName), text("a"));
  b.undo();
  EXPECT_FALSE(b.pending(kStatus));
  b.redo();
  EXPECT_EQ(*b.pending(kStatus), text("completed"));
  b.set(kStatus, text("planned"), text("started"), 3);  // after undo/redo: sealed, new step
  b.undo();
  EXPECT_EQ(*b.pending(kStatus), text("completed"));
  EXPECT_TRUE(b.canRedo());
  b.sealStep();
  b.set(kStatus, text("planned"), text("started"), 3);
  b.set(kStatus, text("started"), text("started"), 3);  // back to the original: no change left
  EXPECT_FALSE(b.pending(kStatus));
  b.undo();  // the merged step restores what was there before it
  EXPECT_EQ(*b.pending(kStatus), text("completed"));
}

TEST(StoreEditBuffer, NewEditClearsRedoAndClearForgetsEverything) {
  EditBuffer b;
  b.set(kName, text("a"), text("orig"), 1);
  b.undo();
  EXPECT_TRUE(b.canRedo());
  b.set(kStatus, text("planned"), text("started"), 1);
  EXPECT_FALSE(b.canRedo());
  b.clear();
  EXPECT_TRUE(b.empty());
  EXPECT_FALSE(b.canUndo());
  EXPECT_FALSE(b.baseVersion(kName.feature()));
}
