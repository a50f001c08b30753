// Map input taken from GLFW callbacks: mouse events with the cursor position of each, so a press,
// a drag and a release are applied exactly where they happened even when several arrive within
// one frame, and key presses, which ImGui 1.86 loses when a press and its release fall between two
// frames. Installed before ImGui's backend, which chains to these callbacks.
#pragma once

#include <vector>

#include "geometry.hpp"

struct GLFWwindow;

namespace zhenmap {

struct MouseEvent {
  enum class Kind { Press, Move, Release, Wheel, Key } kind;
  Vec2 pos;          // window coordinates (screen pixels, not framebuffer pixels)
  int button = 0;    // mouse button, or GLFW key code for Key (press and repeat)
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
  static void onKey(GLFWwindow* w, int key, int scancode, int action, int mods);
  std::vector<MouseEvent> m_events;
  Vec2 m_last;
};

}  // namespace zhenmap
