#version 330 core
// Raster tiles: the vertices of a tile's reprojection mesh, map coordinates relative to the
// tile's origin (float), placed like every other layer; uv runs over the tile's image.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_uv;
uniform vec2 u_scale;   // pixels per map unit
uniform vec2 u_offset;  // (origin - camera center) in pixels
uniform vec2 u_viewport;
out vec2 v_uv;
void main() {
  vec2 px = a_pos * u_scale + u_offset;
  gl_Position = vec4(px / (0.5 * u_viewport), 0.0, 1.0);
  v_uv = a_uv;
}
