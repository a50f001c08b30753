// The label table of coded values; see value_labels.hpp.
#include "store/value_labels.hpp"

#include "store/schema.hpp"

namespace zhenmap::store {

namespace {

struct Label {
  std::string_view field;
  std::string_view value;
  std::string_view zh;
  std::string_view en;
};

constexpr Label kLabels[] = {
    {"programme", "county_library", "县级项目库", "County project library"},
    {"programme", "beautiful_town", "美丽圩镇", "Beautiful town"},
    {"programme", "industry_assistance", "产业帮扶", "Industry assistance"},
    {"programme", "public_service", "公共服务", "Public service"},
    {"programme", "other", "其他", "Other"},
    {"status", "planned", "规划中", "Planned"},
    {"status", "started", "已开工", "Under construction"},
    {"status", "completed", "已完工", "Completed"},
    {"kind", "scenic_belt", "风貌带", "Scenic belt"},
    {"kind", "street_facade", "立面改造", "Street facade"},
    {"kind", "greenway", "绿道", "Greenway"},
    {"risk_level", "high", "高", "High"},
    {"risk_level", "medium", "中", "Medium"},
    {"risk_level", "low", "低", "Low"},
    {"monitoring_status", "monitoring", "监测中", "Monitoring"},
    {"monitoring_status", "risk_eliminated", "已消除风险", "Risk eliminated"},
};

}  // namespace

std::string valueLabel(std::string_view field, std::string_view value, LabelLanguage language) {
  for (const Label& l : kLabels) {
    if (l.field == field && l.value == value) return std::string(language == LabelLanguage::Chinese ? l.zh : l.en);
  }
  return std::string(value);
}

std::string domainLabel(const FieldSpec& field, std::string_view value, LabelLanguage language) {
  for (const DomainValue& d : field.domain) {
    if (d.value != value) continue;
    const std::string& label = language == LabelLanguage::Chinese ? d.labelZh : d.labelEn;
    if (!label.empty()) return label;
  }
  return valueLabel(field.name, value, language);
}

std::vector<std::string> allValueLabels() {
  std::vector<std::string> out;
  for (const Label& l : kLabels) {
    out.emplace_back(l.zh);
    out.emplace_back(l.en);
  }
  return out;
}

}  // namespace zhenmap::store
