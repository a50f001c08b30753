#version 330 core
// Lines: one instance per segment, expanded into a screen-space quad of u_width pixels,
// extended by half the width at both ends so consecutive segments join without gaps.
layout(location = 0) in vec2 a_from;
layout(location = 1) in vec2 a_to;
layout(location = 2) in vec4 a_color;
uniform vec2 u_scale;
uniform vec2 u_offset;
uniform vec2 u_viewport;
uniform float u_width;
out vec4 v_color;
void main() {
  vec2 p0 = a_from * u_scale + u_offset;
  vec2 p1 = a_to * u_scale + u_offset;
  vec2 d = p1 - p0;
  float len = length(d);
  vec2 dir = len > 0.0 ? d / len : vec2(1.0, 0.0);
  vec2 nrm = vec2(-dir.y, dir.x);
  int corner = gl_VertexID;  // triangle strip: 0,1 at p0; 2,3 at p1
  float h = 0.5 * u_width;
  vec2 base = corner < 2 ? p0 - dir * h : p1 + dir * h;
  float side = (corner == 0 || corner == 2) ? -1.0 : 1.0;
  vec2 px = base + nrm * side * h;
  gl_Position = vec4(px / (0.5 * u_viewport), 0.0, 1.0);
  v_color = a_color;
}
