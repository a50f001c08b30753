#version 330 core
// Text from a signed distance field: pass 0 draws the halo (the outline grown by v_haloPx
// pixels), pass 1 the glyph itself, so no glyph's halo covers a neighbour's strokes.
in vec2 v_uv;
flat in vec4 v_color;
flat in vec4 v_halo;
flat in float v_haloPx;
flat in float v_scale;
uniform sampler2D u_atlas;
uniform int u_pass;
uniform float u_edge;    // byte value of the outline / 255
uniform float u_spread;  // atlas pixels of distance between the outline and byte 0
out vec4 o_color;
void main() {
  float v = texture(u_atlas, v_uv).r;
  float d = (u_edge - v) / u_edge * u_spread * v_scale;  // screen pixels from the outline, + outside
  if (u_pass == 0) {
    if (v_haloPx <= 0.0) discard;
    float a = clamp(0.5 - (d - v_haloPx), 0.0, 1.0);
    o_color = vec4(v_halo.rgb, v_halo.a * a);
  } else {
    float a = clamp(0.5 - d, 0.0, 1.0);
    o_color = vec4(v_color.rgb, v_color.a * a);
  }
}
