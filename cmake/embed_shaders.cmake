# Writes OUTPUT: a C++ file holding every shaders/*.{vert,frag} as a string, looked up by file name.
# Run as: cmake -DSHADER_DIR=... -DOUTPUT=... -P embed_shaders.cmake
file(GLOB shader_files ${SHADER_DIR}/*.vert ${SHADER_DIR}/*.frag)
list(SORT shader_files)
set(body "")
foreach(f IN LISTS shader_files)
  get_filename_component(name ${f} NAME)
  file(READ ${f} text)
  string(APPEND body "    {\"${name}\", R\"zhenmap_glsl(${text})zhenmap_glsl\"},\n")
endforeach()
file(WRITE ${OUTPUT}.tmp
"// Generated from shaders/ by cmake/embed_shaders.cmake. Do not edit.
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

namespace zhenmap {
std::string_view shaderSource(std::string_view fileName) {
  static const std::map<std::string_view, std::string_view> sources = {
${body}  };
  auto it = sources.find(fileName);
  if (it == sources.end()) throw std::out_of_range(\"no embedded shader \" + std::string(fileName));
  return it->second;
}
}  // namespace zhenmap
")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
