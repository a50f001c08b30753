// The calendar popup of date fields; see date_picker.hpp. The arithmetic is geodata/calendar.hpp.
#include "date_picker.hpp"

#include <imgui.h>

#include <cstdio>
#include <optional>

#include "calendar.hpp"
#include "i18n.hpp"

namespace zhenmap {

namespace {

const UiText kPickDate{"选择日期", "Pick a date"};
const UiText kToday{"今天", "Today"};
const UiText kClear{"清除", "Clear"};
const UiText kPrevYear{"上一年", "Previous year"};
const UiText kPrevMonth{"上个月", "Previous month"};
const UiText kNextMonth{"下个月", "Next month"};
const UiText kNextYear{"下一年", "Next year"};
const UiText kMonthTitle{"%d年%d月", "%d-%02d"};  // English shows the month's name
const UiText kMon{"一", "Mo"};
const UiText kTue{"二", "Tu"};
const UiText kWed{"三", "We"};
const UiText kThu{"四", "Th"};
const UiText kFri{"五", "Fr"};
const UiText kSat{"六", "Sa"};
const UiText kSun{"日", "Su"};
ZHENMAP_UI_TEXTS(kPickDate, kToday, kClear, kPrevYear, kPrevMonth, kNextMonth, kNextYear, kMonthTitle, kMon, kTue, kWed,
                 kThu, kFri, kSat, kSun)

const char* const kMonthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};

DatePicker::Rect itemRect() {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  return {a.x, a.y, b.x - a.x, b.y - a.y};
}

}  // namespace

void DatePicker::mark(const std::string& name) { m_rects[name] = itemRect(); }

bool DatePicker::draw(const char* id, std::string& text) {
  ImGui::PushID(id);
  m_rects.clear();
  // "…" with a tooltip (the glyph is in the UI strings, so in the font).
  if (ImGui::Button("…")) {
    const CivilDate shown = parseIsoDate(text).value_or(today());
    m_year = shown.year;
    m_month = shown.month;
    ImGui::OpenPopup("##calendar");
  }
  m_buttonHovered = ImGui::IsItemHovered();
  if (m_buttonHovered) ImGui::SetTooltip("%s", tr(kPickDate));
  mark("button");
  bool picked = false;
  m_open = ImGui::BeginPopup("##calendar");
  if (m_open) {
    picked = drawCalendar(text);
    if (picked) {
      ImGui::CloseCurrentPopup();
      m_open = false;
    }
    ImGui::EndPopup();
  }
  ImGui::PopID();
  return picked;
}

bool DatePicker::drawCalendar(std::string& text) {
  const std::optional<CivilDate> current = parseIsoDate(text);
  const CivilDate now = today();
  auto step = [&](int months) {
    const CivilDate d = addMonths(m_year, m_month, months);
    m_year = d.year;
    m_month = d.month;
  };
  if (ImGui::ArrowButton("##prev_year", ImGuiDir_Left)) step(-12);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(kPrevYear));
  mark("prev_year");
  ImGui::SameLine(0, 2);
  if (ImGui::SmallButton("<")) step(-1);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(kPrevMonth));
  mark("prev_month");
  ImGui::SameLine();
  char title[64];
  if (language() == Language::Chinese) {
    std::snprintf(title, sizeof title, tr(kMonthTitle), m_year, m_month);
  } else {
    std::snprintf(title, sizeof title, "%s %d", kMonthNames[m_month - 1], m_year);
  }
  ImGui::TextUnformatted(title);
  ImGui::SameLine();
  if (ImGui::SmallButton(">")) step(1);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(kNextMonth));
  mark("next_month");
  ImGui::SameLine(0, 2);
  if (ImGui::ArrowButton("##next_year", ImGuiDir_Right)) step(12);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(kNextYear));
  mark("next_year");

  bool picked = false;
  if (ImGui::BeginTable("##days", 7, ImGuiTableFlags_SizingFixedSame)) {
    for (const UiText* d : {&kMon, &kTue, &kWed, &kThu, &kFri, &kSat, &kSun}) {
      ImGui::TableSetupColumn(tr(*d), ImGuiTableColumnFlags_WidthFixed, ImGui::GetFrameHeight() + 4.0f);
    }
    ImGui::TableHeadersRow();
    const int first = isoWeekday({m_year, m_month, 1});  // 1 = Monday
    const int days = daysInMonth(m_year, m_month);
    ImGui::TableNextRow();
    for (int blank = 1; blank < first; ++blank) ImGui::TableNextColumn();
    for (int day = 1; day <= days; ++day) {
      ImGui::TableNextColumn();
      const CivilDate date{m_year, m_month, day};
      const bool selected = current && *current == date;
      const bool isToday = date == now;
      char label[16];
      std::snprintf(label, sizeof label, "%d", day);
      if (isToday) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.1f, 0.35f, 0.85f, 1.0f));
      if (ImGui::Selectable(label, selected, 0, ImVec2(ImGui::GetFrameHeight(), 0))) {
        text = formatIsoDate(date);
        picked = true;
      }
      if (isToday) ImGui::PopStyleColor();
      mark("day:" + std::to_string(day));
    }
    ImGui::EndTable();
  }
  if (ImGui::Button(tr(kToday))) {
    text = formatIsoDate(now);
    picked = true;
  }
  mark("today");
  ImGui::SameLine();
  if (ImGui::Button(tr(kClear))) {
    text.clear();
    picked = true;
  }
  mark("clear");
  return picked;
}

}  // namespace zhenmap
