// Keeping server passwords (and tile service keys) out of everything the program shows or stores: log lines, error
// messages, notices, the test state file, settings and command output. One function, applied at
// those boundaries (and to every address a PgConnection reports).
#pragma once

#include <string>
#include <string_view>

namespace zhenmap::store {

// `text` with every password replaced by "***": the value of a `password=...` keyword (libpq
// conninfo and GDAL "PG:" addresses, quoted or not, spaces allowed around '='; also a
// `password=` URI query parameter) and the password of URI user info (scheme://user:pw@host).
// Tile service keys in URL queries (`tk=`, `key=`, `apikey=`, `api_key=`, `access_token=`,
// `token=` after '?' or '&') are masked the same way. Everything else is kept as it was. Safe on any text (messages that merely contain an address).
std::string redactSecrets(std::string_view text);

// A short name for a data source to show in a title, a list or the state file, password-free: a
// file's name without its folder (and without its extension when `stem`), a server address
// ("PG:...", "postgresql://...") whole and redacted. Redaction comes first, so a password holding
// '/' or '.' cannot leak through the path splitting.
std::string displayName(std::string_view source, bool stem);

}  // namespace zhenmap::store
