// Compiling and linking the embedded GLSL sources.
#include "shader_program.hpp"

#include <stdexcept>
#include <vector>

namespace zhenmap {

namespace {
gl::Shader compile(GLenum kind, std::string_view file) {
  std::string_view src = shaderSource(file);
  gl::Shader shader(glCreateShader(kind));
  const char* text = src.data();
  const GLint len = static_cast<GLint>(src.size());
  glShaderSource(shader.get(), 1, &text, &len);
  glCompileShader(shader.get());
  GLint ok = 0;
  glGetShaderiv(shader.get(), GL_COMPILE_STATUS, &ok);
  if (!ok) {
    GLint logLen = 0;
    glGetShaderiv(shader.get(), GL_INFO_LOG_LENGTH, &logLen);
    std::vector<char> log(static_cast<std::size_t>(logLen) + 1);
    glGetShaderInfoLog(shader.get(), logLen, nullptr, log.data());
    throw std::runtime_error("shader " + std::string(file) + ": " + log.data());
  }
  return shader;
}
}  // namespace

gl::Program buildProgram(std::string_view vertexFile, std::string_view fragmentFile) {
  gl::Shader vs = compile(GL_VERTEX_SHADER, vertexFile);
  gl::Shader fs = compile(GL_FRAGMENT_SHADER, fragmentFile);
  gl::Program prog(glCreateProgram());
  glAttachShader(prog.get(), vs.get());
  glAttachShader(prog.get(), fs.get());
  glLinkProgram(prog.get());
  GLint ok = 0;
  glGetProgramiv(prog.get(), GL_LINK_STATUS, &ok);
  if (!ok) {
    GLint logLen = 0;
    glGetProgramiv(prog.get(), GL_INFO_LOG_LENGTH, &logLen);
    std::vector<char> log(static_cast<std::size_t>(logLen) + 1);
    glGetProgramInfoLog(prog.get(), logLen, nullptr, log.data());
    throw std::runtime_error("program " + std::string(vertexFile) + "+" + std::string(fragmentFile) + ": " +
                             log.data());
  }
  glDetachShader(prog.get(), vs.get());
  glDetachShader(prog.get(), fs.get());
  return prog;
}

}  // namespace zhenmap
