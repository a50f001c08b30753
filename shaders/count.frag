#version 330 core
// A cluster's count (count.vert): the digits' distance fields (glyph_atlas.hpp), in a row from
// the left, the baseline 0.36 em below the marker's centre.
in vec2 v_local;
flat in int v_number;
flat in int v_digits;
flat in int v_chars;
flat in float v_em;
flat in vec3 v_ink;
uniform sampler2D u_digits;    // distance fields of the digits 0-9 and of "k" (10)
uniform vec2 u_digitAtlas;     // its size in pixels
uniform vec4 u_digitRect[11];  // each glyph's bitmap: atlas x, y, w, h
uniform vec2 u_digitPen[11];   // the bitmap's top-left from the pen on the baseline (y down)
uniform float u_digitAdvance;
uniform float u_digitEm;
uniform float u_edge;          // byte value of the outline / 255
uniform float u_spread;        // atlas pixels of distance between the outline and byte 0
uniform float u_opacity;
out vec4 o_color;
void main() {
  float s = v_em / u_digitEm;  // screen pixels per atlas pixel
  // Atlas pixels from the first glyph's pen, y down.
  vec2 q = vec2(v_local.x / s + 0.5 * float(v_chars) * u_digitAdvance, (-0.36 * v_em - v_local.y) / s);
  int i = clamp(int(floor(q.x / u_digitAdvance)), 0, v_chars - 1);
  int power = 1;
  for (int j = i + 1; j < v_digits; ++j) power *= 10;
  int glyph = i == v_digits ? 10 : (v_number / power) % 10;
  vec2 at = vec2(q.x - float(i) * u_digitAdvance, q.y) - u_digitPen[glyph];
  vec4 rect = u_digitRect[glyph];
  float v = any(lessThan(at, vec2(0.0))) || any(greaterThan(at, rect.zw))
                ? 0.0 : textureLod(u_digits, (rect.xy + at) / u_digitAtlas, 0.0).r;  // in a branch: no derivatives
  float a = clamp(0.5 - (u_edge - v) / u_edge * u_spread * s, 0.0, 1.0);
  if (a <= 0.0) discard;
  o_color = vec4(v_ink, a * u_opacity);
}
