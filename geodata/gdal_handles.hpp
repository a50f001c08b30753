// Move-only owners for GDAL/OGR C handles: every handle is owned from the moment it is created.
#pragma once

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <memory>

namespace zhenmap::gdal {

struct DatasetDeleter {
  void operator()(GDALDatasetH h) const { GDALClose(h); }
};
struct FeatureDeleter {
  void operator()(OGRFeatureH h) const { OGR_F_Destroy(h); }
};
struct GeometryDeleter {
  void operator()(OGRGeometryH h) const { OGR_G_DestroyGeometry(h); }
};
struct SrsDeleter {
  void operator()(OGRSpatialReferenceH h) const { OSRRelease(h); }
};
struct FieldDefnDeleter {
  void operator()(OGRFieldDefnH h) const { OGR_Fld_Destroy(h); }
};
struct CoordTransformDeleter {
  void operator()(OGRCoordinateTransformationH h) const { OCTDestroyCoordinateTransformation(h); }
};
struct CplFree {
  void operator()(void* p) const { CPLFree(p); }
};

using Dataset = std::unique_ptr<std::remove_pointer_t<GDALDatasetH>, DatasetDeleter>;
using Feature = std::unique_ptr<std::remove_pointer_t<OGRFeatureH>, FeatureDeleter>;
using GeometryPtr = std::unique_ptr<std::remove_pointer_t<OGRGeometryH>, GeometryDeleter>;
using Srs = std::unique_ptr<std::remove_pointer_t<OGRSpatialReferenceH>, SrsDeleter>;
using FieldDefn = std::unique_ptr<std::remove_pointer_t<OGRFieldDefnH>, FieldDefnDeleter>;
using CplString = std::unique_ptr<char, CplFree>;
using CoordTransform = std::unique_ptr<std::remove_pointer_t<OGRCoordinateTransformationH>, CoordTransformDeleter>;

// Registers GDAL drivers once; safe to call from any thread.
void ensureRegistered();

}  // namespace zhenmap::gdal
