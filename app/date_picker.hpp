// A date picker for ISO date fields (the attribute table's cell editor and its edit of many rows):
// a small button that opens a calendar popup with month and year navigation, a day grid starting
// on Monday, Today and Clear. It only changes the text; the caller applies it through the same
// validation as typed text. UI thread only.
#pragma once

#include <array>
#include <map>
#include <string>

namespace zhenmap {

class DatePicker {
 public:
  using Rect = std::array<float, 4>;  // x, y, w, h in ImGui pixels

  // Draws the button (and the popup while open) with `id` unique in the current ImGui id scope.
  // Returns true when the user picked a day, Today or Clear: `text` then holds the new ISO date,
  // or "" for Clear. The calendar opens on the month of `text`, or today's month.
  bool draw(const char* id, std::string& text);
  // The popup is open, or the pointer is over the button (a cell editor must not close then).
  bool hot() const { return m_open || m_buttonHovered; }
  bool isOpen() const { return m_open; }
  // The month shown while open.
  int year() const { return m_year; }
  int month() const { return m_month; }
  // Screen rectangles of the last draw, for scripted tests: "button", "prev_year", "prev_month",
  // "next_month", "next_year", "today", "clear" and "day:N" for each day of the shown month.
  const std::map<std::string, Rect>& rects() const { return m_rects; }

 private:
  bool drawCalendar(std::string& text);
  void mark(const std::string& name);

  int m_year = 2024;
  int m_month = 1;
  bool m_open = false;
  bool m_buttonHovered = false;
  std::map<std::string, Rect> m_rects;
};

}  // namespace zhenmap
