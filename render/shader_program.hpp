// GLSL programs built from the sources in shaders/, embedded into the binary at build time.
#pragma once

#include <string>
#include <string_view>

#include "gl_objects.hpp"

namespace zhenmap {

// The text of an embedded shader file, e.g. "fill.vert". Throws std::out_of_range if unknown.
std::string_view shaderSource(std::string_view fileName);

// Compiles and links; throws std::runtime_error with the GLSL log on failure.
gl::Program buildProgram(std::string_view vertexFile, std::string_view fragmentFile);

}  // namespace zhenmap
