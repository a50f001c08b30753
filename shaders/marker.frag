#version 330 core
// Marker shapes as signed distances (pixels, negative inside), anti-aliased over one pixel, with
// an outline of v_strokeWidth just inside the edge. A cluster's disc shows how many points it
// holds, in digits from distance fields (glyph_atlas.hpp), sized to fit inside the outline: up
// to 99999 as it is, beyond in thousands with a "k" (123456: 123k).
in vec2 v_local;
flat in vec4 v_fill;
flat in vec4 v_stroke;
flat in float v_radius;
flat in float v_strokeWidth;
flat in int v_shape;
flat in int v_count;
uniform float u_opacity;
uniform sampler2D u_digits;    // distance fields of the digits 0-9 and of "k" (10)
uniform vec2 u_digitAtlas;     // its size in pixels; 0 when no font could be loaded
uniform vec4 u_digitRect[11];  // each glyph's bitmap: atlas x, y, w, h
uniform vec2 u_digitPen[11];   // the bitmap's top-left from the pen on the baseline (y down)
uniform float u_digitAdvance;  // atlas pixels from one digit's pen to the next's
uniform float u_digitEm;       // the atlas's em in pixels
uniform float u_edge;          // byte value of the outline / 255
uniform float u_spread;        // atlas pixels of distance between the outline and byte 0
out vec4 o_color;

// Largest signed distance to three edges: exact inside, a close bound outside.
float triangleUp(vec2 p, float r) {
  const vec2 n1 = vec2(0.8660254, 0.5);
  const vec2 n2 = vec2(-0.8660254, 0.5);
  return max(max(dot(p, n1), dot(p, n2)), -p.y) - 0.5 * r;
}

float distanceToShape(vec2 p) {
  float r = v_radius;
  if (v_shape == 1) return max(abs(p.x), abs(p.y)) - 0.85 * r;
  if (v_shape == 2) return triangleUp(p - vec2(0.0, -0.15 * r), 1.1 * r);
  if (v_shape == 3) {
    float head = length(p - vec2(0.0, 1.4 * r)) - r;
    // The tip: a wedge from the point up to the head, its sides tangent to the head
    // (half-angle asin(1 / 1.4)), cut at the tangent points, 0.686 r above the point.
    float wedge = max(max(dot(p, vec2(0.700, -0.714)), dot(p, vec2(-0.700, -0.714))), p.y - 0.686 * r);
    return min(head, wedge);
  }
  return length(p) - r;
}

// Coverage (0..1) of the count's digits at p (pixels from the centre, y up).
float countCoverage(vec2 p) {
  bool thousands = v_count >= 100000;
  int n = thousands ? min(v_count / 1000, 99999) : v_count;
  int k = n >= 10000 ? 5 : n >= 1000 ? 4 : n >= 100 ? 3 : n >= 10 ? 2 : 1;
  int chars = thousands ? k + 1 : k;
  // The digits' em: as tall as the disc allows, as narrow as the row of digits must be.
  float inside = v_radius - 0.5 * v_strokeWidth;  // into the translucent ring by half
  float em = min(1.15 * inside, 1.75 * inside * u_digitEm / (float(chars) * u_digitAdvance));
  float s = em / u_digitEm;  // screen pixels per atlas pixel
  // Atlas pixels from the first digit's pen, y down; the baseline sits 0.36 em below the centre.
  vec2 q = vec2(p.x / s + 0.5 * float(chars) * u_digitAdvance, (-0.36 * em - p.y) / s);
  int i = int(floor(q.x / u_digitAdvance));
  if (i < 0 || i >= chars) return 0.0;
  int power = 1;
  for (int j = i + 1; j < k; ++j) power *= 10;
  int digit = i == k ? 10 : (n / power) % 10;
  vec2 at = vec2(q.x - float(i) * u_digitAdvance, q.y) - u_digitPen[digit];
  vec4 rect = u_digitRect[digit];
  if (any(lessThan(at, vec2(0.0))) || any(greaterThan(at, rect.zw))) return 0.0;
  float v = textureLod(u_digits, (rect.xy + at) / u_digitAtlas, 0.0).r;  // reached by some pixels only
  return clamp(0.5 - (u_edge - v) / u_edge * u_spread * s, 0.0, 1.0);
}

void main() {
  float d = distanceToShape(v_local);
  float outer = clamp(0.5 - d, 0.0, 1.0);
  if (outer <= 0.0) discard;
  float inner = v_strokeWidth > 0.0 ? clamp(0.5 - (d + v_strokeWidth), 0.0, 1.0) : 1.0;
  vec4 c = mix(v_stroke, v_fill, inner);
  if (v_count > 1 && u_digitAtlas.x > 0.0) {
    // Dark digits on a light disc, white ones on a dark disc.
    float light = dot(v_fill.rgb, vec3(0.299, 0.587, 0.114));
    float t = countCoverage(v_local);
    c = mix(c, vec4(light > 0.6 ? vec3(0.13) : vec3(1.0), 1.0), t);
  }
  o_color = vec4(c.rgb, c.a * outer * u_opacity);
}
