#version 330 core
// Lines and outlines: each vertex is pushed out along its extrusion direction by half the line
// width in pixels, so widths stay constant while zooming. The casing pass draws the same
// triangles wider, in the casing colour, underneath. A vertex carries only its place and a style
// index; the style table (one row per distinct style: width, dash on, dash off, casing width;
// colour; casing colour) is a small float texture.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_extrude;  // half widths times 8192 (shorts)
layout(location = 2) in float a_dist;
layout(location = 3) in uint a_style;
uniform vec2 u_scale;
uniform vec2 u_offset;
uniform vec2 u_viewport;
uniform int u_casingPass;
uniform sampler2D u_styles;
flat out vec4 v_color;  // one style per triangle
out float v_distPx;
flat out vec2 v_dash;
void main() {
  int row = int(a_style);
  vec4 params = texelFetch(u_styles, ivec2(0, row), 0);
  bool casing = u_casingPass == 1;
  float width = casing ? params.x + 2.0 * params.w : params.x;
  vec2 px = a_pos * u_scale + u_offset + a_extrude * (0.5 * width / 8192.0);
  gl_Position = vec4(px / (0.5 * u_viewport), 0.0, 1.0);
  v_color = casing ? (params.w > 0.0 ? texelFetch(u_styles, ivec2(2, row), 0) : vec4(0.0))
                   : texelFetch(u_styles, ivec2(1, row), 0);
  v_distPx = a_dist * u_scale.x;
  v_dash = casing ? vec2(0.0) : params.yz;
}
