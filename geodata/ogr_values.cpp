// Typed values in and out of OGR features; see ogr_values.hpp.
#include "ogr_values.hpp"

#include <cmath>

namespace zhenmap {

bool dataIsNorthFirst(OGRSpatialReferenceH srs) {
  if (!srs) return false;
  int n = 0;
  const int* mapping = OSRGetDataAxisToSRSAxisMapping(srs, &n);
  if (!mapping || n < 2 || mapping[0] != 1 || mapping[1] != 2) return false;
  return OSREPSGTreatsAsLatLong(srs) || OSREPSGTreatsAsNorthingEasting(srs);
}

FieldType fieldTypeOf(OGRFieldType type) {
  switch (type) {
    case OFTInteger:
    case OFTInteger64:
      return FieldType::Integer;
    case OFTReal:
      return FieldType::Real;
    case OFTString:
      return FieldType::Text;
    case OFTDate:
      return FieldType::Date;
    case OFTTime:
      return FieldType::Time;
    case OFTDateTime:
      return FieldType::DateTime;
    default:
      return FieldType::Other;
  }
}

OGRFieldType ogrFieldType(FieldType type) {
  switch (type) {
    case FieldType::Integer:
      return OFTInteger64;
    case FieldType::Real:
      return OFTReal;
    case FieldType::Date:
      return OFTDate;
    case FieldType::Time:
      return OFTTime;
    case FieldType::DateTime:
      return OFTDateTime;
    default:
      return OFTString;
  }
}

AttributeValue readOgrValue(OGRFeatureH f, int i, FieldType type, const TextDecoder& decode) {
  if (!OGR_F_IsFieldSetAndNotNull(f, i)) return std::monostate{};
  switch (type) {
    case FieldType::Integer:
      return static_cast<std::int64_t>(OGR_F_GetFieldAsInteger64(f, i));
    case FieldType::Real:
      return OGR_F_GetFieldAsDouble(f, i);
    case FieldType::Date:
    case FieldType::Time:
    case FieldType::DateTime: {
      DateTime d;
      float second = 0;
      int tz = 0;
      if (!OGR_F_GetFieldAsDateTimeEx(f, i, &d.year, &d.month, &d.day, &d.hour, &d.minute, &second, &tz)) {
        return std::monostate{};
      }
      d.second = second;
      d.hasTz = tz >= 100;  // OGR: 100 is UTC, each step of 1 is 15 minutes
      d.tzMinutes = d.hasTz ? (tz - 100) * 15 : 0;
      return d;
    }
    case FieldType::Text:
    case FieldType::Other:
      return decode(OGR_F_GetFieldAsString(f, i));
  }
  return std::monostate{};
}

void setOgrValue(OGRFeatureH f, int i, const AttributeValue& value) {
  if (const auto* n = std::get_if<std::int64_t>(&value)) {
    OGR_F_SetFieldInteger64(f, i, *n);
  } else if (const auto* d = std::get_if<double>(&value)) {
    if (std::isfinite(*d)) {
      OGR_F_SetFieldDouble(f, i, *d);
    } else {
      OGR_F_SetFieldNull(f, i);
    }
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    OGR_F_SetFieldString(f, i, s->c_str());
  } else if (const auto* t = std::get_if<DateTime>(&value)) {
    const int tz = t->hasTz ? 100 + t->tzMinutes / 15 : 0;
    OGR_F_SetFieldDateTimeEx(f, i, t->year, t->month, t->day, t->hour, t->minute, static_cast<float>(t->second), tz);
  } else {
    OGR_F_SetFieldNull(f, i);
  }
}

}  // namespace zhenmap
