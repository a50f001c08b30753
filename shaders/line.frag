#version 330 core
// Solid or dashed (dash length, gap length in pixels along the line).
flat in vec4 v_color;
in float v_distPx;
flat in vec2 v_dash;
uniform float u_opacity;
out vec4 o_color;
void main() {
  if (v_color.a <= 0.0) discard;
  if (v_dash.x > 0.0 && mod(v_distPx, v_dash.x + v_dash.y) > v_dash.x) discard;
  o_color = vec4(v_color.rgb, v_color.a * u_opacity);
}
