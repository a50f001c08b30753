// CRS definitions typed by users (`--from`/`--to` of transform, `--crs`, `--extent-crs`, the
// assign-CRS dialog): EPSG codes, PROJ strings and WKT, parsed by PROJ through our wrapper
// (geodata/crs_transform.hpp). Promises: any text gives a transformation or a CrsError, and a
// transformation never throws (points it cannot map become NaN).
#include "crs_transform.hpp"
#include "errors.hpp"
#include "support/fuzz_target.hpp"

ZHENMAP_FUZZ_TARGET(crs_text) {
  using namespace zhenmap;
  const std::string definition(input);
  (void)crsIsGeographic(definition);
  (void)crsShortName(definition);
  try {
    const CrsTransform t(definition, "EPSG:4490");
    (void)t.forward(t.inverse(Vec2{116.37, 23.55}));
  } catch (const CrsError&) {
  }
}
