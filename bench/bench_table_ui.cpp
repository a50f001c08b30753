// bench_table_ui: the attribute table panel's cost per frame on a big layer, headless (EGL +
// Dear ImGui's OpenGL 3 backend into an offscreen framebuffer, llvmpipe on this machine), and the
// time to filter and sort its rows. Every figure has a baseline from the same run:
//   - frame with the table window open (still, and scrolling to another row every frame) against
//     the same frame with a window holding one line of text instead (the table closed);
//   - text filter, expression filter and sort against rebuilding the unfiltered view.
// Usage: bench_table_ui PROJECT [--layer households] [--frames 120] [--size 1920x1080]
// Medians over the frames (min and max beside them). Prints one JSON object.
#include <glad/gl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "attribute_table.hpp"
#include "egl_context.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "offscreen_target.hpp"
#include "store/edit_session.hpp"

using namespace zhenmap;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

struct Stats {
  double median = 0, min = 0, max = 0;
};

Stats stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v.front(), v.back()};
}

std::string json(const char* name, const Stats& s) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "\"%s\": {\"median_ms\": %.3f, \"min_ms\": %.3f, \"max_ms\": %.3f}", name, s.median,
                s.min, s.max);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_table_ui PROJECT [--layer L] [--frames N] [--size WxH]\n");
    return 1;
  }
  const std::string project = argv[1];
  std::string layer = "households";
  int frames = 120, width = 1920, height = 1080;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--layer") layer = v;
    else if (k == "--frames") frames = std::stoi(v);
    else if (k == "--size") std::sscanf(v.c_str(), "%dx%d", &width, &height);
  }
  try {
    EglContext context;
    OffscreenTarget target(width, height, 0);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
    ImGui::StyleColorsLight();
    ImGui_ImplOpenGL3_Init("#version 330 core");

    const auto t0 = Clock::now();
    store::ProjectStore store = store::ProjectStore::open(project);
    store::EditSession session(store);
    AttributeTable table(session, layer);
    const double loadMs = msSince(t0);
    std::vector<std::string> glyphs = allUiStrings();
    const std::vector<std::string> data = table.glyphStrings();
    glyphs.insert(glyphs.end(), data.begin(), data.end());
    buildUiFont(glyphs, 18.0f);

    // One frame: the panel (or the closed-table baseline) in a window covering the lower half.
    const auto frame = [&](bool open, std::int64_t scrollTo) {
      const auto f0 = Clock::now();
      io.DeltaTime = 1.0f / 60.0f;
      ImGui_ImplOpenGL3_NewFrame();
      ImGui::NewFrame();
      ImGui::SetNextWindowPos(ImVec2(10, static_cast<float>(height) * 0.45f));
      ImGui::SetNextWindowSize(ImVec2(static_cast<float>(width) - 20, static_cast<float>(height) * 0.5f));
      ImGui::Begin("table");
      if (open) {
        if (scrollTo > 0) table.setSelection({scrollTo});
        table.draw();
      } else {
        ImGui::TextUnformatted(tr(Text::AttributeTable));
      }
      ImGui::End();
      ImGui::Render();
      target.bind();
      glClearColor(0.95f, 0.94f, 0.92f, 1.0f);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
      glFinish();
      return msSince(f0);
    };
    for (int i = 0; i < 5; ++i) frame(true, 0), frame(false, 0);  // font texture, first layout
    std::vector<double> closed, still, scrolling;
    const std::size_t rows = table.rowCount();
    for (int i = 0; i < frames; ++i) {
      closed.push_back(frame(false, 0));
      still.push_back(frame(true, 0));
      // Jump to a row far away every frame: the worst case of scrolling (nothing reused).
      const std::size_t row = (static_cast<std::size_t>(i) * 7919u) % rows;
      scrolling.push_back(frame(true, table.model().rowId(row)));
    }

    // Filters on the model against rebuilding the unfiltered view.
    store::AttributeTableModel& m = table.model();
    std::vector<double> rebuild, text, expression, sort;
    std::string error;
    for (int i = 0; i < 5; ++i) {
      auto s0 = Clock::now();
      m.refreshView();
      rebuild.push_back(msSince(s0));
      s0 = Clock::now();
      m.setTextFilter("4452");
      text.push_back(msSince(s0));
      m.setTextFilter("");
      s0 = Clock::now();
      const std::string expr = layer == "households" ? "risk_level = 'high' AND members >= 4" : "id % 3 = 0";
      if (!m.setExpressionFilter(expr, error)) throw std::runtime_error(error);
      expression.push_back(msSince(s0));
      m.setExpressionFilter("", error);
      s0 = Clock::now();
      m.sortBy(1, i % 2 == 0);
      sort.push_back(msSince(s0));
      m.sortBy(std::nullopt, true);
    }
    const Stats c = stats(closed), st = stats(still), sc = stats(scrolling), rb = stats(rebuild), tx = stats(text),
                ex = stats(expression), so = stats(sort);
    std::printf("{\"renderer\": \"%s\", \"layer\": \"%s\", \"rows\": %zu, \"size\": \"%dx%d\", \"frames\": %d,\n",
                context.renderer().c_str(), layer.c_str(), rows, width, height, frames);
    std::printf(" \"load_ms\": %.1f,\n %s,\n %s,\n %s,\n", loadMs, json("frame_table_closed", c).c_str(),
                json("frame_table_open", st).c_str(), json("frame_table_scrolling", sc).c_str());
    std::printf(" \"table_open_over_closed\": %.2f, \"scrolling_over_closed\": %.2f,\n", st.median / c.median,
                sc.median / c.median);
    std::printf(" %s,\n %s,\n %s,\n %s,\n", json("view_rebuild", rb).c_str(), json("text_filter", tx).c_str(),
                json("expression_filter", ex).c_str(), json("sort", so).c_str());
    std::printf(" \"text_filter_over_rebuild\": %.2f, \"expression_filter_over_rebuild\": %.2f}\n",
                tx.median / rb.median, ex.median / rb.median);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui::DestroyContext();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
  return 0;
}
