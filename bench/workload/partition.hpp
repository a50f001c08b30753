// The township and village polygons of the workload: a jittered grid of village cells over the
// Jieyang area whose shared edges are densified into identical wavy polylines, so villages partition
// their township and townships partition the region exactly (no gaps, no overlaps). Some villages
// have a hole filled by an enclave village of the same township.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "workload_model.hpp"

namespace zhenmap::bench {

// Where a village cell is, for placing points inside it.
struct VillageCell {
  std::size_t township = 0;    // index into the townships layer
  std::size_t feature = 0;     // index into the villages layer
  Vec2 corners[4];             // bottom-left, bottom-right, top-right, top-left
  bool hasHole = false;        // the centre is an enclave: keep points away from it
};

struct Partition {
  WorkLayer townships;
  WorkLayer villages;
  std::vector<VillageCell> cells;  // grid villages only (enclaves excluded)
  std::vector<Vec2> townshipCentres;
  std::vector<Box> townshipBoxes;  // the block of cells (inner margin kept free of waves)
  std::uint64_t vertices = 0;
};

// Extra vertices per grid edge so that the polygons have about targetVertices vertices in all.
Partition generatePartition(std::uint64_t seed, std::uint64_t targetVertices);

// A point inside the cell at (u, v) in [0,1]^2 of its corners (bilinear).
Vec2 cellPoint(const VillageCell& cell, double u, double v);

}  // namespace zhenmap::bench
