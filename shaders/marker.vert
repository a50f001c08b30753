#version 330 core
// Point markers: one instance per point (or cluster), a screen-aligned quad of the marker's size
// in pixels around it. A pin stands on its point; other shapes are centred on it.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec4 a_fill;
layout(location = 2) in vec4 a_stroke;
layout(location = 3) in float a_size;
layout(location = 4) in float a_strokeWidth;
layout(location = 5) in float a_shape;
uniform vec2 u_scale;
uniform vec2 u_offset;
uniform vec2 u_viewport;
uniform float u_sizeScale;
out vec2 v_local;  // pixels from the point, y up
flat out vec4 v_fill;
flat out vec4 v_stroke;
flat out float v_radius;
flat out float v_strokeWidth;
flat out int v_shape;
void main() {
  int shape = int(a_shape + 0.5);
  float r = 0.5 * a_size * u_sizeScale;
  vec2 corner = vec2((gl_VertexID & 1) == 0 ? -1.0 : 1.0, (gl_VertexID & 2) == 0 ? -1.0 : 1.0);
  // The quad covers where the fragment shader can draw (distance below half a pixel; the outline
  // lies inside the edge) plus half a pixel of slack, no more: on a software rasteriser every
  // covered pixel runs the whole fragment shader, even where it then discards.
  vec2 local;
  if (shape == 2) {
    // A triangle: the two top corners meet at the apex, so the quad becomes one triangle (the
    // other has no area) of about half the quad's pixels: the drawn triangle's inradius plus one
    // pixel, centred where the fragment shader centres it.
    float h = 0.55 * r + 1.0;
    vec2 c = vec2(0.0, -0.15 * r);
    local = corner.y < 0.0 ? c + vec2(corner.x * 1.7320508 * h, -h) : c + vec2(0.0, 2.0 * h);
  } else if (shape == 3) {
    // A pin's tip is on the point and its head (radius r) is centred 1.4 r above it: y from 0 to
    // 2.4 r.
    local = vec2(corner.x * (r + 1.0), corner.y < 0.0 ? -1.0 : 2.4 * r + 1.0);
  } else {
    // Circles are centred on the point, radius r; squares have half-side 0.85 r.
    local = corner * ((shape == 1 ? 0.85 * r : r) + 1.0);
  }
  vec2 px = a_pos * u_scale + u_offset + local;
  gl_Position = vec4(px / (0.5 * u_viewport), 0.0, 1.0);
  v_local = local;
  v_radius = r;
  v_fill = a_fill;
  v_stroke = a_stroke;
  v_strokeWidth = a_strokeWidth;
  v_shape = shape;
}
