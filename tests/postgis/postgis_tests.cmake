# PostGIS tests (included from tests/CMakeLists.txt). postgis.server.start starts a throwaway
# PostgreSQL + PostGIS cluster on a free port in a temp dir (FIXTURES_SETUP), every postgis.* test
# needs it, postgis.server.stop stops it and removes the cluster (FIXTURES_CLEANUP). A server that
# cannot start makes the tests FAIL; they are never skipped.
set(ZHENMAP_PG_STATE ${CMAKE_CURRENT_BINARY_DIR}/postgis-server)
add_test(NAME postgis.server.start
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/postgis/pg_server.sh start ${ZHENMAP_PG_STATE})
set_tests_properties(postgis.server.start PROPERTIES FIXTURES_SETUP postgis_server TIMEOUT 180)
add_test(NAME postgis.server.stop
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/postgis/pg_server.sh stop ${ZHENMAP_PG_STATE})
set_tests_properties(postgis.server.stop PROPERTIES FIXTURES_CLEANUP postgis_server TIMEOUT 120)

file(GLOB POSTGIS_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/postgis/test_*.cpp)
add_executable(zhenmap_postgis_tests ${POSTGIS_TESTS} ${CMAKE_CURRENT_SOURCE_DIR}/postgis/pg_test_support.cpp
               ${CMAKE_CURRENT_SOURCE_DIR}/store/store_test_support.cpp
               ${CMAKE_CURRENT_SOURCE_DIR}/support/test_support.cpp)
target_include_directories(zhenmap_postgis_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/support
                           ${CMAKE_CURRENT_SOURCE_DIR}/store ${CMAKE_CURRENT_SOURCE_DIR}/postgis)
target_link_libraries(zhenmap_postgis_tests PRIVATE zhenmap_store zhenmap_demo GTest::gtest GTest::gtest_main)
target_compile_definitions(zhenmap_postgis_tests PRIVATE ${ZHENMAP_TEST_DEFS})
target_compile_options(zhenmap_postgis_tests PRIVATE $<$<CONFIG:RelWithDebInfo,Release>:-O1>)  # as the other tests
target_precompile_headers(zhenmap_postgis_tests PRIVATE <gtest/gtest.h> <nlohmann/json.hpp> <filesystem> <map> <string>
                          <vector>)
add_dependencies(zhenmap_postgis_tests zhenmap)
zhenmap_warnings(zhenmap_postgis_tests)
gtest_discover_tests(zhenmap_postgis_tests TEST_PREFIX "postgis." DISCOVERY_TIMEOUT 60
                     PROPERTIES TIMEOUT 300 FIXTURES_REQUIRED postgis_server
                     ENVIRONMENT "ZHENMAP_PG_STATE=${ZHENMAP_PG_STATE}")
