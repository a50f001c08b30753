#version 330 core
// Lines of opaque, undashed styles, outside the casing pass: line.frag without its discards,
// which cost llvmpipe about a seventh of a thin outline's time.
flat in vec4 v_color;
uniform float u_opacity;
out vec4 o_color;
void main() {
  o_color = vec4(v_color.rgb, v_color.a * u_opacity);
}
