#version 330 core
// The mean of a multisampled picture's samples at each pixel: the resolve of OffscreenTarget,
// as a shader pass because llvmpipe's glBlitFramebuffer resolve took ~55 ms at 1920x1080.
uniform sampler2DMS u_samples;
uniform int u_count;
out vec4 o_color;
void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  vec4 sum = vec4(0.0);
  for (int i = 0; i < u_count; ++i) sum += texelFetch(u_samples, p, i);
  o_color = sum / float(u_count);
}
