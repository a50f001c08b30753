// Typed errors of the data libraries. They carry the context a user needs to find the problem:
// the file or connection, the layer, the feature id, and the library's own code where there is one.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace zhenmap {

class DataError : public std::runtime_error {
 public:
  struct Context {
    Context(std::string path_ = {}, std::string layer_ = {}, std::optional<std::int64_t> fid_ = {})
        : path(std::move(path_)), layer(std::move(layer_)), fid(fid_) {}
    std::string path;
    std::string layer;
    std::optional<std::int64_t> fid;
  };
  DataError(const std::string& what, Context ctx = {})
      : std::runtime_error(format(what, ctx)), m_message(what), m_context(std::move(ctx)) {}
  const Context& context() const { return m_context; }
  // The message without the context (what() starts with path, layer and feature).
  const std::string& message() const { return m_message; }

 private:
  static std::string format(const std::string& what, const Context& c) {
    std::string s;
    if (!c.path.empty()) s += c.path;
    if (!c.layer.empty()) s += (s.empty() ? "" : ", ") + std::string("layer ") + c.layer;
    if (c.fid) s += (s.empty() ? "" : ", ") + std::string("feature ") + std::to_string(*c.fid);
    return s.empty() ? what : s + ": " + what;
  }
  std::string m_message;
  Context m_context;
};

// The source cannot be opened or read at all (missing, not GIS data, corrupt).
class OpenError : public DataError {
 public:
  using DataError::DataError;
};

// A CRS definition or a transformation PROJ rejects.
class CrsError : public DataError {
 public:
  using DataError::DataError;
};

// A background job was cancelled by its owner; not a failure to report to the user.
class CancelledError : public DataError {
 public:
  using DataError::DataError;
};

}  // namespace zhenmap
