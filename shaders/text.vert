#version 330 core
// Text: one instance per glyph, a quad of the glyph's distance-field bitmap placed at a pen
// position in screen pixels (top-left origin, y down) and rotated by (cos, sin).
layout(location = 0) in vec4 a_penRot;   // pen x, pen y, cos, sin
layout(location = 1) in vec4 a_rect;     // atlas x, y, w, h (atlas pixels)
layout(location = 2) in vec3 a_metrics;  // bitmap left, top from the pen (atlas pixels), screen px per atlas px
layout(location = 3) in vec4 a_color;
layout(location = 4) in vec4 a_halo;
layout(location = 5) in float a_haloPx;
uniform vec2 u_viewport;
uniform vec2 u_atlasSize;
uniform int u_pass;      // 0: halo, 1: glyph (see text.frag)
uniform float u_spread;  // atlas pixels of padding around each glyph's outline
out vec2 v_uv;
flat out vec4 v_color;  // per glyph: nothing to interpolate
flat out vec4 v_halo;
flat out float v_haloPx;
flat out float v_scale;
void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));  // strip (0,0) (1,0) (0,1) (1,1)
  // The bitmap's padding is u_spread atlas pixels from the outline's box; this pass reaches at
  // most (halo +) one screen pixel beyond the outline, so the rest of the padding would only run
  // the fragment shader to draw nothing: the quad leaves it out (the glyph pass is about half the
  // pixels at 11 px text).
  float reach = (u_pass == 0 ? a_haloPx : 0.0) + 1.0;
  float inset = clamp(u_spread - reach / a_metrics.z, 0.0, 0.5 * min(a_rect.z, a_rect.w));
  vec2 at = inset + corner * (a_rect.zw - 2.0 * inset);  // atlas pixels from the bitmap's corner
  vec2 local = (a_metrics.xy + at) * a_metrics.z;
  vec2 dir = a_penRot.zw;
  vec2 px = a_penRot.xy + vec2(local.x * dir.x - local.y * dir.y, local.x * dir.y + local.y * dir.x);
  gl_Position = vec4(px.x / u_viewport.x * 2.0 - 1.0, 1.0 - px.y / u_viewport.y * 2.0, 0.0, 1.0);
  v_uv = (a_rect.xy + at) / u_atlasSize;
  v_color = a_color;
  v_halo = a_halo;
  v_haloPx = a_haloPx;
  v_scale = a_metrics.z;
}
