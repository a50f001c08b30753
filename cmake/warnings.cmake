# Project warning flags: zero warnings at -Wall -Wextra is the rule; applied to our targets only.
function(zhenmap_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local)
  if(ZHENMAP_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
