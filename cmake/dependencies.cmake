# Every dependency comes from a Debian package; nothing is vendored or downloaded.
# glad's loader is generated here at build time, offline (--reproducible), and the Dear ImGui
# GLFW/OpenGL3 backends are compiled from the sources libimgui-dev ships, on that same loader.
find_package(PkgConfig REQUIRED)

find_package(GDAL CONFIG REQUIRED)
find_package(PROJ CONFIG REQUIRED)
find_package(GEOS CONFIG REQUIRED)
find_package(SQLite3 REQUIRED)
pkg_check_modules(SPATIALITE REQUIRED IMPORTED_TARGET spatialite)
pkg_check_modules(PQ REQUIRED IMPORTED_TARGET libpq)
find_package(glfw3 3.3 CONFIG REQUIRED)
find_package(OpenGL REQUIRED COMPONENTS EGL)
find_package(Threads REQUIRED)
find_package(CURL REQUIRED)  # tile services (libcurl4-openssl-dev)
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
find_path(STB_INCLUDE_DIR stb_image_write.h PATH_SUFFIXES stb REQUIRED)

# glad: GL 3.3 core loader, generated from the specification files bundled with python3-glad.
find_program(GLAD_EXECUTABLE NAMES glad HINTS /usr/bin REQUIRED)
set(GLAD_DIR ${CMAKE_BINARY_DIR}/glad)
set(GLAD_OUT ${GLAD_DIR}/src/gl.c ${GLAD_DIR}/include/glad/gl.h ${GLAD_DIR}/include/KHR/khrplatform.h)
add_custom_command(OUTPUT ${GLAD_OUT}
  COMMAND ${GLAD_EXECUTABLE} --quiet --reproducible --api gl:core=3.3 --extensions=GL_KHR_debug
          --out-path ${GLAD_DIR} c
  COMMENT "Generating the glad GL 3.3 core loader (offline)"
  VERBATIM)
add_library(glad STATIC ${GLAD_OUT})
target_include_directories(glad SYSTEM PUBLIC ${GLAD_DIR}/include)
set_target_properties(glad PROPERTIES POSITION_INDEPENDENT_CODE ON)

# Dear ImGui backends from Debian's shipped sources, built on the glad loader.
set(IMGUI_BACKENDS /usr/share/doc/libimgui-dev/examples/backends)
if(NOT EXISTS ${IMGUI_BACKENDS}/imgui_impl_opengl3.cpp OR NOT EXISTS ${IMGUI_BACKENDS}/imgui_impl_glfw.cpp)
  message(FATAL_ERROR "libimgui-dev backend sources are missing under ${IMGUI_BACKENDS}; "
                      "install libimgui-dev (./dev.sh installs it)")
endif()
file(CONFIGURE OUTPUT ${CMAKE_BINARY_DIR}/imgui_backends/imgui_impl_opengl3_glad.cpp CONTENT
  "#include <glad/gl.h>\n#define IMGUI_IMPL_OPENGL_LOADER_CUSTOM\n#include \"${IMGUI_BACKENDS}/imgui_impl_opengl3.cpp\"\n")
file(CONFIGURE OUTPUT ${CMAKE_BINARY_DIR}/imgui_backends/imgui_impl_glfw_shim.cpp CONTENT
  "#include \"${IMGUI_BACKENDS}/imgui_impl_glfw.cpp\"\n")
add_library(imgui_backends STATIC
  ${CMAKE_BINARY_DIR}/imgui_backends/imgui_impl_glfw_shim.cpp
  ${CMAKE_BINARY_DIR}/imgui_backends/imgui_impl_opengl3_glad.cpp)
target_include_directories(imgui_backends SYSTEM PUBLIC /usr/include/imgui/backends /usr/include/imgui)
target_link_libraries(imgui_backends PUBLIC glad glfw PkgConfig::IMGUI)
