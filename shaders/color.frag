#version 330 core
// Colour from the vertex stage: the screen-space shapes of map decorations.
in vec4 v_color;
uniform float u_opacity;
out vec4 o_color;
void main() {
  o_color = vec4(v_color.rgb, v_color.a * u_opacity);
}
