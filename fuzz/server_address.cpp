// Server addresses typed in the open dialog or on the command line ("PG:host=... password=...",
// "postgresql://user:pw@host/db?password=..."), and the redaction that keeps passwords out of
// every message, title and log (store/redact.hpp, store/pg_connection.hpp).
// Promises: libpq itself (PQconninfoParse, an independent parser) says which password an address
// carries; when that password appears once in the address, it appears nowhere in the redacted
// address, its display name, or a message quoting it. Redacting twice changes nothing more.
#include <libpq-fe.h>

#include <memory>

#include "store/pg_connection.hpp"
#include "store/redact.hpp"
#include "support/fuzz_target.hpp"

namespace {

struct ConninfoFree {
  void operator()(PQconninfoOption* o) const { PQconninfoFree(o); }
};

// The password libpq reads from the address, "" when none or when libpq rejects the address.
std::string libpqPassword(const std::string& conninfo) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, ConninfoFree> options(PQconninfoParse(conninfo.c_str(), &error));
  if (error) PQfreemem(error);
  if (!options) return {};
  for (const PQconninfoOption* o = options.get(); o->keyword; ++o) {
    if (std::string_view(o->keyword) == "password" && o->val) return o->val;
  }
  return {};
}

std::size_t occurrences(std::string_view text, std::string_view word) {
  std::size_t n = 0;
  for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) ++n;
  return n;
}

}  // namespace

ZHENMAP_FUZZ_TARGET(server_address) {
  using namespace zhenmap::store;
  using zhenmap::fuzz::check;
  const std::string address(input);
  const std::string redacted = redactSecrets(address);
  check(redactSecrets(redacted) == redacted, "redacting twice changes the text");
  const std::string shown = displayName(address, false);
  const std::string stem = displayName(address, true);
  const std::string message = "cannot connect to " + address + ": connection refused";
  const std::string redactedMessage = redactSecrets(message);

  if (address.find('\0') != std::string::npos) return;  // libpq reads C strings
  // The address as libpq gets it: "PG:" stripped (GDAL's form), a URI or keyword=value pairs.
  const std::string conninfo = isPgUri(address) ? pgConnInfo(address) : address;
  const std::string password = libpqPassword(conninfo);
  // A password that also occurs elsewhere in the address (a host or user of the same text), or
  // that the mask or the keyword could spell, cannot be told apart by looking for it.
  if (password.size() < 3 || occurrences(address, password) != 1) return;
  if (password.find_first_of("*=") != std::string::npos ||
      std::string("password").find(password) != std::string::npos) {
    return;
  }
  check(redacted.find(password) == std::string::npos, "the redacted address shows the password: " + redacted);
  check(shown.find(password) == std::string::npos, "the display name shows the password: " + shown);
  check(stem.find(password) == std::string::npos, "the display name shows the password: " + stem);
  check(occurrences(message, password) != 1 || redactedMessage.find(password) == std::string::npos,
        "a message quoting the address shows the password: " + redactedMessage);
}
