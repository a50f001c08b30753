// Typed attribute values in and out of OGR features: the field type of an OGR field, a value
// read as AttributeValue (text decoded to UTF-8), a value written into a feature. Shared by the
// loaders, the table readers and the exporter.
#pragma once

#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "attributes.hpp"
#include "ogr_source.hpp"

namespace zhenmap {

FieldType fieldTypeOf(OGRFieldType type);
// True when a layer hands out coordinates in the CRS's declared order and that order is north
// first (some drivers, EPSG:4490 as latitude/longitude): swap to east/north before anything else.
bool dataIsNorthFirst(OGRSpatialReferenceH srs);
OGRFieldType ogrFieldType(FieldType type);

// Null for unset and null fields; text through `decode`.
AttributeValue readOgrValue(OGRFeatureH feature, int index, FieldType type, const TextDecoder& decode);

// Null unsets the field (OGR_F_SetFieldNull); text into a number field is left to OGR's conversion
// (callers check types first).
void setOgrValue(OGRFeatureH feature, int index, const AttributeValue& value);

}  // namespace zhenmap
