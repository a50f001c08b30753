#version 330 core
// One triangle over the whole target (no vertex buffer: gl_VertexID 0..2).
void main() {
  vec2 p = vec2(float((gl_VertexID & 1) << 2) - 1.0, float((gl_VertexID & 2) << 1) - 1.0);
  gl_Position = vec4(p, 0.0, 1.0);
}
