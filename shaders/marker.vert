#version 330 core
// Point markers: one instance per point (or cluster), a screen-aligned quad of the marker's size
// in pixels around it. A pin stands on its point; other shapes are centred on it.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec4 a_fill;
layout(location = 2) in vec4 a_stroke;
layout(location = 3) in float a_size;
layout(location = 4) in float a_strokeWidth;
layout(location = 5) in float a_shape;
uniform vec2 u_scale;
uniform vec2 u_offset;
uniform vec2 u_viewport;
uniform float u_sizeScale;
out vec2 v_local;  // pixels from the point, y up
flat out vec4 v_fill;
flat out vec4 v_stroke;
flat out float v_radius;
flat out float v_strokeWidth;
flat out int v_shape;
void main() {
  int shape = int(a_shape + 0.5);
  float r = 0.5 * a_size * u_sizeScale;
  float margin = a_strokeWidth + 1.0;
  vec2 corner = vec2((gl_VertexID & 1) == 0 ? -1.0 : 1.0, (gl_VertexID & 2) == 0 ? -1.0 : 1.0);
  // A pin's tip is on the point and its head (radius r) is centred 1.4 r above it: the quad spans
  // y from 0 to 2.4 r. Other shapes are centred on the point.
  vec2 quadCentre = shape == 3 ? vec2(0.0, 1.2 * r) : vec2(0.0);
  vec2 halfSize = shape == 3 ? vec2(r + margin, 1.2 * r + margin) : vec2(r + margin);
  vec2 local = quadCentre + corner * halfSize;
  vec2 px = a_pos * u_scale + u_offset + local;
  gl_Position = vec4(px / (0.5 * u_viewport), 0.0, 1.0);
  v_local = local;
  v_radius = r;
  v_fill = a_fill;
  v_stroke = a_stroke;
  v_strokeWidth = a_strokeWidth;
  v_shape = shape;
}
