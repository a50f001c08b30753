// Mouse input for the map, taken from GLFW callbacks with the cursor position of each event, so
// a press, a drag and a release are applied exactly where they happened even when several arrive
// within one frame. Installed before ImGui's backend, which chains to these callbacks.
#pragma once

#include <vector>

#include "geometry.hpp"

struct GLFWwindow;

namespace zhenmap {

struct MouseEvent {
  enum class Kind { Press, Move, Release, Wheel } kind;
  Vec2 pos;          // window coordinates (screen pixels, not framebuffer pixels)
  int button = 0;
  double wheel = 0;  // notches, positive = away from the user (zoom in)
};

class MapInput {
 public:
  void install(GLFWwindow* window);
  // The events since the last call, in order.
  std::vector<MouseEvent> take();

 private:
  static void onButton(GLFWwindow* w, int button, int action, int mods);
  static void onMove(GLFWwindow* w, double x, double y);
  static void onScroll(GLFWwindow* w, double dx, double dy);
  std::vector<MouseEvent> m_events;
  Vec2 m_last;
};

}  // namespace zhenmap
