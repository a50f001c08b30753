#version 330 core
// Polygon fill: vertices are map coordinates relative to the bucket origin (float),
// placed on screen with a scale and an offset computed in double precision on the CPU.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec4 a_color;
uniform vec2 u_scale;   // pixels per map unit, y flipped for screen space
uniform vec2 u_offset;  // (origin - camera center) in pixels
uniform vec2 u_viewport;
flat out vec4 v_color;  // one colour per feature: nothing to interpolate
void main() {
  vec2 px = a_pos * u_scale + u_offset;
  gl_Position = vec4(px / (0.5 * u_viewport), 0.0, 1.0);
  v_color = a_color;
}
