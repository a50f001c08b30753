#version 330 core
// Raster tiles with the layer's adjustments: brightness, contrast, saturation (0 is greyscale)
// and opacity. Tiles are stored with premultiplied alpha (so filtering never bleeds the colour of
// transparent pixels into their neighbours); the output is premultiplied too (blend ONE,
// ONE_MINUS_SRC_ALPHA).
in vec2 v_uv;
uniform sampler2D u_tile;
uniform float u_opacity;
uniform float u_brightness;  // added, -1 .. 1
uniform float u_contrast;    // around mid-grey, 1 unchanged
uniform float u_saturation;  // 1 unchanged, 0 grey
out vec4 o_color;
void main() {
  vec4 c = texture(u_tile, v_uv);
  if (c.a <= 0.0) discard;
  vec3 rgb = c.rgb / c.a;
  rgb = (rgb - 0.5) * u_contrast + 0.5 + u_brightness;
  float luma = dot(rgb, vec3(0.299, 0.587, 0.114));
  rgb = clamp(mix(vec3(luma), rgb, u_saturation), 0.0, 1.0);
  float a = c.a * u_opacity;
  o_color = vec4(rgb * a, a);
}
