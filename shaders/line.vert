#version 330 core
// Lines and outlines: each vertex is pushed out along its extrusion direction by half the line
// width in pixels, so widths stay constant while zooming. The casing pass draws the same
// triangles wider, in the casing colour, underneath.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_extrude;
layout(location = 2) in float a_dist;
layout(location = 3) in float a_width;
layout(location = 4) in vec2 a_dash;
layout(location = 5) in float a_casingWidth;
layout(location = 6) in vec4 a_color;
layout(location = 7) in vec4 a_casing;
uniform vec2 u_scale;
uniform vec2 u_offset;
uniform vec2 u_viewport;
uniform int u_casingPass;
out vec4 v_color;
out float v_distPx;
flat out vec2 v_dash;
void main() {
  bool casing = u_casingPass == 1;
  float width = casing ? a_width + 2.0 * a_casingWidth : a_width;
  vec2 px = a_pos * u_scale + u_offset + a_extrude * (0.5 * width);
  gl_Position = vec4(px / (0.5 * u_viewport), 0.0, 1.0);
  v_color = casing ? (a_casingWidth > 0.0 ? a_casing : vec4(0.0)) : a_color;
  v_distPx = a_dist * u_scale.x;
  v_dash = casing ? vec2(0.0) : a_dash;
}
