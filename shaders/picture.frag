#version 330 core
// The picture, filtered linearly (its texture's setting).
in vec2 v_uv;
uniform sampler2D u_picture;
out vec4 o_color;
void main() {
  o_color = texture(u_picture, v_uv);
}
