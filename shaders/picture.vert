#version 330 core
// A finished picture drawn scaled (a zoom preview): a quad over the box u_box (clip space).
layout(location = 0) in vec2 a_corner;  // (0, 0) .. (1, 1)
uniform vec4 u_box;                      // x0, y0 (bottom left), x1, y1 (top right)
out vec2 v_uv;
void main() {
  v_uv = a_corner;
  gl_Position = vec4(mix(u_box.xy, u_box.zw, a_corner), 0.0, 1.0);
}
