// Times as people read them. The store records UTC ("2026-12-07T11:49:08Z"; SQLite's own
// "2026-12-07 11:49:08" from a trigger); identify's history, `zhenmap history` and meeting mode
// show them in the display time zone, Asia/Shanghai unless ZHENMAP_TZ names another (a tz
// database name such as "Asia/Urumqi" or "UTC"), as "2026年12月7日 19:49" / "7 Dec 2026 19:49".
// Machine-readable output (--json, exports) keeps UTC.
#pragma once

#include <string>
#include <string_view>

#include "store/value_labels.hpp"

namespace zhenmap::store {

// Sets the process's time zone (TZ) to the display time zone. Call once at start, before any
// thread: localtime_r reads TZ. Returns the zone in use.
std::string useDisplayTimeZone();

// `utc` in the display time zone, to the minute (withClock) or the day; `utc` unchanged when it is
// not a UTC time of one of the forms above.
std::string displayTime(std::string_view utc, LabelLanguage language, bool withClock = true);

}  // namespace zhenmap::store
