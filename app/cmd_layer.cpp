// `zhenmap layer add PROJECT --name N --geometry point|line|polygon --field name:type[:required]...`:
// a layer of the team's own, with typed fields (integer, real, text, date), required, unique and
// sensitive flags, allowed values with labels (--domain field=a:标签,b), ranges (--range
// field=0..100) and Chinese aliases (--alias field=别名). It then works everywhere the standard
// layers do: validation, the table, commits, audit, push/pull. File projects (a server gets the
// layer when the file is pushed again).
// Exit status: 0 added, 1 usage, 2 cannot open / read-only / a server, 3 an invalid description.
#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "store/project_create.hpp"

namespace zhenmap {

namespace {

struct LayerAddCommand {
  std::string project;
  std::string name;
  std::string geometry;
  std::string title;
  std::vector<std::string> fields;   // name:type[:required][:sensitive][:unique]
  std::vector<std::string> domains;  // field=value[:label],...
  std::vector<std::string> aliases;  // field=alias
  std::vector<std::string> ranges;   // field=min..max
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

store::FieldSpec parseField(const std::string& text) {
  const std::vector<std::string> parts = split(text, ':');
  if (parts.size() < 2)
    throw store::ValidationError("--field expects name:type[:required][:sensitive][:unique], got '" + text + "'", "");
  store::FieldSpec f;
  f.name = parts[0];
  try {
    f.type = store::fieldTypeFromName(parts[1]);
  } catch (const std::invalid_argument& e) {
    throw store::ValidationError(std::string("--field ") + parts[0] + ": " + e.what(), parts[0]);
  }
  for (std::size_t i = 2; i < parts.size(); ++i) {
    if (parts[i] == "required")
      f.required = true;
    else if (parts[i] == "sensitive")
      f.sensitive = true;
    else if (parts[i] == "unique")
      f.unique = true;
    else
      throw store::ValidationError(
          "--field " + f.name + ": unknown flag '" + parts[i] + "' (required, sensitive, unique)", f.name);
  }
  return f;
}

// "field=rest" of one of the per-field options, the field looked up in `layer`.
std::pair<store::FieldSpec*, std::string> fieldOption(store::LayerSpec& layer, const std::string& option,
                                                      const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw store::ValidationError(option + " expects FIELD=..., got '" + text + "'", "");
  for (store::FieldSpec& f : layer.fields) {
    if (f.name == text.substr(0, eq)) return {&f, text.substr(eq + 1)};
  }
  throw store::ValidationError(option + ": no --field named '" + text.substr(0, eq) + "'", text.substr(0, eq));
}

store::LayerSpec buildLayer(const LayerAddCommand& cmd) {
  store::LayerSpec layer;
  layer.name = cmd.name;
  layer.geometryType = store::geometryTypeOf(cmd.geometry);
  layer.titleZh = cmd.title;
  for (const std::string& f : cmd.fields) layer.fields.push_back(parseField(f));
  for (const std::string& d : cmd.domains) {
    auto [field, values] = fieldOption(layer, "--domain", d);
    for (const std::string& item : split(values, ',')) {
      const auto colon = item.find(':');
      const std::string value = item.substr(0, colon);
      if (value.empty()) throw store::ValidationError("--domain " + field->name + ": an empty value", field->name);
      field->domain.push_back({value, colon == std::string::npos ? "" : item.substr(colon + 1), ""});
      field->oneOf.push_back(value);
    }
  }
  for (const std::string& a : cmd.aliases) {
    auto [field, alias] = fieldOption(layer, "--alias", a);
    field->aliasZh = alias;
  }
  for (const std::string& r : cmd.ranges) {
    auto [field, range] = fieldOption(layer, "--range", r);
    const auto dots = range.find("..");
    try {
      if (dots == std::string::npos) throw std::invalid_argument("no ..");
      if (dots > 0) field->min = std::stod(range.substr(0, dots));
      if (dots + 2 < range.size()) field->max = std::stod(range.substr(dots + 2));
    } catch (const std::exception&) {
      throw store::ValidationError(
          "--range " + field->name + " expects MIN..MAX (either may be left out), got '" + range + "'", field->name);
    }
  }
  return store::prepareNewLayer(std::move(layer));
}

int runLayerAdd(const LayerAddCommand& cmd) {
  store::LayerSpec layer;
  try {
    layer = buildLayer(cmd);
  } catch (const store::ValidationError& e) {
    printError(std::string("invalid layer: ") + e.what());
    return 3;
  }
  try {
    store::ProjectStore project = store::ProjectStore::open(cmd.project);
    if (project.isServer()) {
      printError("layers are added to the project file; push it to the server again (zhenmap push --replace)");
      return 2;
    }
    project.addLayer(layer);
    std::printf("added layer %s (%s) with %zu field(s) to %s\n", layer.name.c_str(), layer.geometryType.c_str(),
                layer.fields.size(), cmd.project.c_str());
    return 0;
  } catch (const store::ValidationError& e) {
    printError(std::string("invalid layer: ") + e.what());
    return 3;
  } catch (const std::exception& e) {
    printError(e.what());
    return 2;
  }
}

const CommandRegistration kLayerRegistration([](CLI::App& parent) {
  auto cmd = std::make_shared<LayerAddCommand>();
  CLI::App* layer = parent.add_subcommand("layer", "manage the layers of a project");
  layer->require_subcommand(1);
  CLI::App* sub = layer->add_subcommand("add", "add a layer of your own to a project file");
  sub->add_option("project", cmd->project, "project file")->required();
  sub->add_option("--name", cmd->name, "layer (table) name: lower-case letters, digits, _")->required();
  sub->add_option("--geometry", cmd->geometry, "point, line or polygon")->required();
  sub->add_option("--title", cmd->title, "title shown in the window (Chinese)");
  sub->add_option("--field", cmd->fields, "name:type[:required][:sensitive][:unique]; type integer|real|text|date");
  sub->add_option("--domain", cmd->domains, "FIELD=value[:label],... allowed values of a text field");
  sub->add_option("--alias", cmd->aliases, "FIELD=alias shown for the field");
  sub->add_option("--range", cmd->ranges, "FIELD=MIN..MAX for a number field");
  return Subcommand{sub, [cmd] { return runLayerAdd(*cmd); }};
});

}  // namespace

}  // namespace zhenmap
