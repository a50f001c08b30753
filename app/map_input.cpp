// GLFW mouse callbacks feeding the map's event queue; see map_input.hpp.
#include "map_input.hpp"

#include <GLFW/glfw3.h>

#include <utility>

namespace zhenmap {

void MapInput::install(GLFWwindow* window) {
  glfwSetWindowUserPointer(window, this);
  glfwSetMouseButtonCallback(window, &MapInput::onButton);
  glfwSetCursorPosCallback(window, &MapInput::onMove);
  glfwSetScrollCallback(window, &MapInput::onScroll);
  glfwSetKeyCallback(window, &MapInput::onKey);
  glfwSetDropCallback(window, &MapInput::onDrop);
}

std::vector<MouseEvent> MapInput::take() { return std::exchange(m_events, {}); }

std::vector<std::string> MapInput::takeDrops() { return std::exchange(m_drops, {}); }

void MapInput::onButton(GLFWwindow* w, int button, int action, int mods) {
  auto* self = static_cast<MapInput*>(glfwGetWindowUserPointer(w));
  self->m_mods = mods;
  self->m_events.push_back(
      {action == GLFW_PRESS ? MouseEvent::Kind::Press : MouseEvent::Kind::Release, self->m_last, button, 0, mods});
}

void MapInput::onMove(GLFWwindow* w, double x, double y) {
  auto* self = static_cast<MapInput*>(glfwGetWindowUserPointer(w));
  self->m_last = {x, y};
  self->m_events.push_back({MouseEvent::Kind::Move, self->m_last, 0, 0, self->m_mods});
}

void MapInput::onScroll(GLFWwindow* w, double, double dy) {
  auto* self = static_cast<MapInput*>(glfwGetWindowUserPointer(w));
  self->m_events.push_back({MouseEvent::Kind::Wheel, self->m_last, 0, dy, self->m_mods});
}

}  // namespace zhenmap

namespace zhenmap {

void MapInput::onKey(GLFWwindow* w, int key, int, int action, int mods) {
  auto* self = static_cast<MapInput*>(glfwGetWindowUserPointer(w));
  self->m_mods = mods;
  if (action == GLFW_RELEASE) return;
  self->m_events.push_back({MouseEvent::Kind::Key, self->m_last, key, 0, mods});
}

void MapInput::onDrop(GLFWwindow* w, int count, const char** paths) {
  auto* self = static_cast<MapInput*>(glfwGetWindowUserPointer(w));
  for (int i = 0; i < count; ++i) self->m_drops.emplace_back(paths[i]);
}

}  // namespace zhenmap
