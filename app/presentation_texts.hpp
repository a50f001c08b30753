// The strings of presentation mode (presentation.cpp, presentation_dashboard.cpp), Chinese and
// English; registered for the font's glyph ranges in presentation.cpp.
#pragma once

#include <string>

#include "i18n.hpp"

namespace zhenmap::presentation_text {

// Every string presentation mode shows (Chinese, English).
inline const UiText kNotes{"演讲者备注", "Presenter notes"};
inline const UiText kNeedsProject{"放映模式需要项目文件", "Presentation needs a project file"};
inline const UiText kLiveReason{"会议现场更新", "updated live in a meeting"};
inline const UiText kPendingTableEdits{"属性表中有未保存的修改：请先保存或放弃，再做现场更新",
                                       "The attribute table has unsaved edits: save or discard them before a live update"};
inline const UiText kLiveEdit{"现场更新###live_edit", "Live update###live_edit"};
inline const UiText kRoute{"线路", "Route"};
inline const UiText kBuiltKm{"已建（公里）###built", "Built (km)###built"};
inline const UiText kProjectSite{"项目点", "Project site"};
inline const UiText kCommit{"提交###commit", "Commit###commit"};
inline const UiText kCancelEdit{"取消###cancel", "Cancel###cancel"};
inline const UiText kDashboard{"仪表板", "Dashboard"};
inline const UiText kScale{"显示比例###scale", "Scale###scale"};
inline const UiText kProgressSince{"进度变化：自从", "Progress since"};
inline const UiText kShowSince{"查看###since_go", "Show###since_go"};
inline const UiText kRouteLower{"线路", "route"};
inline const UiText kProjectLower{"项目", "project"};
inline const UiText kInMeeting{"（会上）", " (meeting)"};
inline const UiText kFilterFailed{"幻灯片筛选无效", "Invalid slide filter"};
inline const UiText kChartKinds{"线路进度（按类型，公里）", "Routes by kind (km)"};
inline const UiText kChartTownships{"线路进度（按乡镇，公里）", "Routes by township (km)"};
inline const UiText kChartProjects{"项目（按类别：规划中/已开工/已完工）", "Projects (planned/started/completed)"};
inline const UiText kChartHouseholds{"监测户（按乡镇：高/中/低风险）", "Households (high/medium/low risk)"};
inline const UiText kStatusPlanned{"规划中", "planned"};
inline const UiText kStatusStarted{"已开工", "started"};
inline const UiText kStatusCompleted{"已完工", "completed"};

// Names of the kinds and programmes the dashboard's bars are keyed by.
inline const UiText kKindScenicBelt{"风貌带", "scenic belt"};
inline const UiText kKindFacade{"立面改造", "street facade"};
inline const UiText kKindGreenway{"绿道", "greenway"};
inline const UiText kProgCounty{"县级项目库", "county library"};
inline const UiText kProgTown{"美丽圩镇", "beautiful town"};
inline const UiText kProgIndustry{"产业帮扶", "industry assistance"};
inline const UiText kProgService{"公共服务", "public service"};
inline const UiText kProgOther{"其他", "other"};

// The display name of a route kind or programme key (a dashboard bar's key).
std::string keyLabel(const std::string& key);

}  // namespace zhenmap::presentation_text
