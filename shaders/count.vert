#version 330 core
// The count on a cluster marker (the marker instances of marker.vert whose count is over 1): a
// quad just around its digits, which count.frag draws over the marker; any other instance gets a
// quad of no area. Up to 99999 as it is, beyond in thousands with a "k" (123456: 123k); the
// digits as tall as the disc allows and narrow enough to fit inside its outline.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec4 a_fill;
layout(location = 3) in float a_size;
layout(location = 4) in float a_strokeWidth;
layout(location = 6) in float a_count;  // 1 for a point, n for a cluster of n
uniform vec2 u_scale;
uniform vec2 u_offset;
uniform vec2 u_viewport;
uniform float u_sizeScale;
uniform float u_digitAdvance;  // atlas pixels from one digit's pen to the next's
uniform float u_digitEm;       // the atlas's em in pixels
out vec2 v_local;              // pixels from the marker's centre, y up
flat out int v_number;         // what is written: the count, or its thousands
flat out int v_digits;         // digits of v_number
flat out int v_chars;          // v_digits, plus the "k"
flat out float v_em;           // pixels
flat out vec3 v_ink;
void main() {
  int count = int(a_count + 0.5);
  bool thousands = count >= 100000;
  int n = thousands ? min(count / 1000, 99999) : count;
  int k = n >= 10000 ? 5 : n >= 1000 ? 4 : n >= 100 ? 3 : n >= 10 ? 2 : 1;
  int chars = thousands ? k + 1 : k;
  float r = 0.5 * a_size * u_sizeScale;
  float inside = r - 0.5 * a_strokeWidth;  // into the translucent ring by half
  float em = min(1.15 * inside, 1.75 * inside * u_digitEm / (float(chars) * u_digitAdvance));
  // The row of digits, centred, with a pixel of slack: baseline 0.36 em below the centre, the
  // digits about 0.73 em tall.
  vec2 reach = vec2(0.5 * float(chars) * u_digitAdvance * em / u_digitEm, 0.55 * em) + 1.0;
  vec2 corner = vec2((gl_VertexID & 1) == 0 ? -1.0 : 1.0, (gl_VertexID & 2) == 0 ? -1.0 : 1.0);
  vec2 local = count > 1 ? corner * reach : vec2(0.0);
  vec2 px = a_pos * u_scale + u_offset + local;
  gl_Position = vec4(px / (0.5 * u_viewport), 0.0, 1.0);
  v_local = local;
  v_number = n;
  v_digits = k;
  v_chars = chars;
  v_em = em;
  // Dark digits on a light disc, white ones on a dark disc.
  v_ink = dot(a_fill.rgb, vec3(0.299, 0.587, 0.114)) > 0.6 ? vec3(0.13) : vec3(1.0);
}
