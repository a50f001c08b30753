// Keeping server passwords out of everything the program shows or stores: log lines, error
// messages, notices, the test state file, settings and command output. One function, applied at
// those boundaries (and to every address a PgConnection reports).
#pragma once

#include <string>
#include <string_view>

namespace zhenmap::store {

// `text` with every password replaced by "***": the value of a `password=...` keyword (libpq
// conninfo and GDAL "PG:" addresses, quoted or not, spaces allowed around '='; also a
// `password=` URI query parameter) and the password of URI user info (scheme://user:pw@host).
// Everything else is kept as it was. Safe on any text (messages that merely contain an address).
std::string redactSecrets(std::string_view text);

}  // namespace zhenmap::store
