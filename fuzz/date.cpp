// Dates and times typed by users or read from project rows: the date picker's parseIsoDate, the
// store's date validation (setText on a date field) and parseIsoDateTime (dates of server rows).
// Promises: the two date checks agree on every text; what parses prints back as the same text;
// what parseIsoDateTime accepts prints (toDisplayString) as text it accepts again, unchanged.
#include <cmath>

#include "calendar.hpp"
#include "store/validation.hpp"
#include "support/fuzz_target.hpp"

namespace {

const zhenmap::store::LayerSpec& dateLayer() {
  static const zhenmap::store::LayerSpec layer = [] {
    zhenmap::store::LayerSpec l;
    l.name = "fuzz_dates";
    zhenmap::store::FieldSpec f;
    f.name = "visit_date";
    f.type = zhenmap::store::FieldType::Date;
    f.aliasZh = "走访日期";
    l.fields.push_back(f);
    return l;
  }();
  return layer;
}

bool storeAcceptsDate(const std::string& text) {
  const auto& layer = dateLayer();
  try {
    const zhenmap::store::Value v = zhenmap::store::parseValue(layer, layer.fields[0], text);
    zhenmap::store::validateValue(layer, layer.fields[0], v);
    return !zhenmap::store::isNull(v);
  } catch (const zhenmap::store::ValidationError&) {
    return false;
  }
}

}  // namespace

ZHENMAP_FUZZ_TARGET(date) {
  using namespace zhenmap;
  using fuzz::check;
  const std::string text(input);
  const auto date = parseIsoDate(text);
  check(date.has_value() == storeAcceptsDate(text), "parseIsoDate and the store's date check disagree");
  if (date) {
    check(formatIsoDate(*date) == text, "a parsed date does not print back as its text");
    check(daysInMonth(date->year, date->month) >= date->day, "a parsed date lies past its month");
    const int weekday = isoWeekday(*date);
    check(weekday >= 1 && weekday <= 7, "weekday out of 1..7");
  }
  const auto moment = parseIsoDateTime(text);
  if (date) check(moment.has_value() && !moment->hasTime, "a date alone is not a date-time");
  if (moment) {
    const DateTime& d = moment->value;
    check(d.hour >= 0 && d.hour <= 23 && d.minute >= 0 && d.minute <= 59 && d.second >= 0 && d.second < 60,
          "time out of range");
    const FieldType type = moment->hasTime ? FieldType::DateTime : FieldType::Date;
    const std::string shown = toDisplayString(d, type);
    const auto again = parseIsoDateTime(shown);
    check(again.has_value(), "the display text of a parsed date-time does not parse: " + shown);
    check(again->value.year == d.year && again->value.month == d.month && again->value.day == d.day &&
              again->value.hour == d.hour && again->value.minute == d.minute &&
              std::fabs(again->value.second - d.second) < 1e-6 && again->value.hasTz == d.hasTz &&
              again->value.tzMinutes == d.tzMinutes,
          "a date-time changes through its display text: " + shown);
  }
}
