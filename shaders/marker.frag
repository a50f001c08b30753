#version 330 core
// Marker shapes as signed distances (pixels, negative inside), anti-aliased over one pixel, with
// an outline of v_strokeWidth just inside the edge.
in vec2 v_local;
flat in vec4 v_fill;
flat in vec4 v_stroke;
flat in float v_radius;
flat in float v_strokeWidth;
flat in int v_shape;
uniform float u_opacity;
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

void main() {
  float d = distanceToShape(v_local);
  float outer = clamp(0.5 - d, 0.0, 1.0);
  if (outer <= 0.0) discard;
  float inner = v_strokeWidth > 0.0 ? clamp(0.5 - (d + v_strokeWidth), 0.0, 1.0) : 1.0;
  vec4 c = mix(v_stroke, v_fill, inner);
  o_color = vec4(c.rgb, c.a * outer * u_opacity);
}
