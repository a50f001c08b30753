// What a file really is, from its first bytes, so a file whose extension lies gets a clear error
// ("named .xlsx but is CSV text") instead of a driver's puzzled message or a silent misread.
#pragma once

#include <string>

namespace zhenmap {

enum class FileKind { Missing, Empty, Zip, OleCompound, Pdf, Html, Xml, Text, Binary };

// From the first few kilobytes. GDAL's virtual paths (/vsizip/..., /vsimem/...) are read through
// GDAL's file layer.
FileKind sniffFileKind(const std::string& path);
// "a ZIP archive", "CSV or other text", "an old Office (OLE2) document such as .xls", ...
std::string describeFileKind(FileKind kind);

// The extension in lower case without the dot ("xlsx"), "" when none.
std::string lowerExtension(const std::string& path);

// Throws OpenError when the extension names a format whose files cannot look like this one
// (.xlsx/.ods/.kmz must be ZIP, .xls OLE2, .csv/.kml/.gpx text). Unknown extensions pass.
void checkExtensionMatchesContent(const std::string& path);

}  // namespace zhenmap
