// The import plan as text (dry run, reject report) and the common column names of the standard
// fields; see import_plan.hpp.
#include <map>
#include <set>

#include "import_plan.hpp"

namespace zhenmap {

namespace {

std::string csvCell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

}  // namespace

std::string planReport(const ImportPlan& plan, std::size_t maxRejects) {
  std::string r = "import plan: " + plan.source + (plan.sourceLayer.empty() ? "" : " (" + plan.sourceLayer + ")") +
                  " -> " + plan.targetLayer + "\n";
  for (const std::string& n : plan.notes) r += "  note: " + n + "\n";
  r += "fields:\n";
  for (const FieldMapping& m : plan.mappings) {
    r += "  " + m.sourceName + " -> " + m.target + " (" + m.how + ")";
    std::string values;
    for (const ValueMapping& v : plan.valueMappings) {
      if (v.field == m.target) {
        values += (values.empty() ? "" : ", ") + v.text + " -> " + v.code + " (" + std::to_string(v.rows) + ")";
      }
    }
    r += values.empty() ? "\n" : ", values: " + values + "\n";
  }
  if (!plan.unmappedSource.empty()) r += "  not imported: " + join(plan.unmappedSource) + "\n";
  if (!plan.emptyTarget.empty()) r += "  left empty: " + join(plan.emptyTarget) + "\n";
  if (!plan.missingRequired.empty()) r += "  required but not filled: " + join(plan.missingRequired) + "\n";
  r += std::to_string(plan.sourceRows) + " " + plan.rowLabel + "s read: " + std::to_string(plan.rows.size()) +
       " would be imported, " + std::to_string(plan.rejectedRows()) + " rejected\n";
  std::size_t shown = 0;
  for (const RowIssue& i : plan.rejects) {
    if (shown++ == maxRejects) {
      r += "  ... " + std::to_string(plan.rejects.size() - maxRejects) + " more\n";
      break;
    }
    r += "  rejected: " + describeIssue(i, plan.rowLabel) + "\n";
  }
  shown = 0;
  for (const RowIssue& i : plan.flags) {
    if (shown++ == maxRejects) {
      r += "  ... " + std::to_string(plan.flags.size() - maxRejects) + " more remarks\n";
      break;
    }
    r += "  remark: " + describeIssue(i, plan.rowLabel) + "\n";
  }
  return r;
}

std::string rejectsCsv(const ImportPlan& plan) {
  std::string out = "\xEF\xBB\xBF" + plan.rowLabel + ",field,code,message,kind\n";
  for (const auto* list : {&plan.rejects, &plan.flags}) {
    for (const RowIssue& i : *list) {
      out += std::to_string(i.row) + "," + csvCell(i.field) + "," + i.code + "," + csvCell(i.message) + "," +
             (list == &plan.rejects ? "rejected" : "remark") + "\n";
    }
  }
  return out;
}

std::vector<std::string> commonAliases(const std::string& fieldName) {
  static const std::map<std::string, std::vector<std::string>> kAliases = {
      {"name", {"名称", "项目名称", "项目", "工程名称", "线路名称", "名字", "标题", "xzqmc", "行政区名称"}},
      {"programme", {"项目类别", "类别", "项目类型", "所属类别"}},
      {"status", {"状态", "建设状态", "项目状态", "进度", "建设进度", "实施情况", "完成情况"}},
      {"budget_wan", {"投资", "总投资", "投资额", "计划投资", "预算", "投资(万元)", "总投资(万元)", "预算(万元)"}},
      {"funds_raised_wan", {"已筹资金", "到位资金", "筹集资金", "已到位资金", "已筹资金(万元)"}},
      {"start_date", {"开工日期", "开工时间", "开始日期", "开工"}},
      {"completion_date", {"完工日期", "竣工日期", "完工时间", "竣工时间", "完成日期"}},
      {"township_code", {"乡镇代码", "镇代码", "乡镇编码", "所属乡镇", "乡镇", "镇", "镇街"}},
      {"village_code", {"村代码", "村编码", "行政村代码", "所属村", "村"}},
      {"notes", {"备注", "说明", "描述", "description", "desc"}},
      {"team_id", {"工作队", "负责工作队", "工作队编号"}},
      {"planned_km", {"规划长度", "规划里程", "计划长度", "长度", "规划长度(公里)", "规划长度(km)"}},
      {"built_km", {"已建长度", "完成长度", "已建里程", "建成长度", "已建长度(公里)"}},
      {"kind", {"类型", "线路类型"}},
      {"code", {"代码", "编码", "区划代码", "行政区代码", "xzqdm", "qhdm"}},
      {"county_code", {"县区代码", "县代码"}},
      {"household_id", {"户编号", "户号", "户编码"}},
      {"members", {"家庭人口", "人口", "人数", "家庭人数"}},
      {"risk_level", {"风险等级"}},
      {"risk_type", {"风险类型"}},
      {"monitoring_status", {"监测状态"}},
      {"measures", {"帮扶措施", "措施"}},
      {"last_visit", {"最近走访", "走访日期", "走访时间"}},
      {"head_name", {"户主", "户主姓名", "姓名"}},
      {"id_number", {"身份证号", "身份证", "身份证号码"}},
      {"phone", {"电话", "联系电话", "手机", "手机号"}},
      {"cadres", {"队员人数"}},
      {"assisting_units", {"帮扶单位"}},
  };
  const auto it = kAliases.find(fieldName);
  return it == kAliases.end() ? std::vector<std::string>{} : it->second;
}

}  // namespace zhenmap
