// Map input taken from GLFW callbacks: mouse events with the cursor position of each, so a press,
// a drag and a release are applied exactly where they happened even when several arrive within
// one frame, and key presses, which ImGui 1.86 loses when a press and its release fall between two
// frames. Installed before ImGui's backend, which chains to these callbacks.
#pragma once

#include <string>
#include <vector>

#include "geometry.hpp"

struct GLFWwindow;

namespace zhenmap {

struct MouseEvent {
  enum class Kind { Press, Move, Release, Wheel, Key } kind;
  Vec2 pos;          // window coordinates (screen pixels, not framebuffer pixels)
  int button = 0;    // mouse button, or GLFW key code for Key (press and repeat)
  double wheel = 0;  // notches, positive = away from the user (zoom in)
  int mods = 0;      // GLFW modifier bits (Shift, Ctrl, ...) at the time of the event
};

class MapInput {
 public:
  void install(GLFWwindow* window);
  // The events since the last call, in order.
  std::vector<MouseEvent> take();
  // Paths of files dropped onto the window since the last call.
  std::vector<std::string> takeDrops();
  // Queues a drop as if files had been dropped (the --drop-file test hook uses the same path).
  void drop(std::string path) { m_drops.push_back(std::move(path)); }

 private:
  static void onButton(GLFWwindow* w, int button, int action, int mods);
  static void onMove(GLFWwindow* w, double x, double y);
  static void onScroll(GLFWwindow* w, double dx, double dy);
  static void onKey(GLFWwindow* w, int key, int scancode, int action, int mods);
  static void onDrop(GLFWwindow* w, int count, const char** paths);
  std::vector<MouseEvent> m_events;
  std::vector<std::string> m_drops;
  int m_mods = 0;
  Vec2 m_last;
};

}  // namespace zhenmap
