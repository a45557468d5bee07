# libcsv (Debian's libcsv-dev) ships neither a CMake config nor a pkg-config
# file: this defines the imported target breachrank_libcsv. Included by the
# build and by the installed package config (a static breachrank links it).
if(NOT TARGET breachrank_libcsv)
  find_path(BREACHRANK_LIBCSV_INCLUDE_DIR csv.h)
  find_library(BREACHRANK_LIBCSV_LIBRARY csv)
  if(NOT BREACHRANK_LIBCSV_INCLUDE_DIR OR NOT BREACHRANK_LIBCSV_LIBRARY)
    message(FATAL_ERROR "libcsv not found: install Debian's libcsv-dev (make deps does)")
  endif()
  add_library(breachrank_libcsv UNKNOWN IMPORTED)
  set_target_properties(breachrank_libcsv PROPERTIES IMPORTED_LOCATION "${BREACHRANK_LIBCSV_LIBRARY}"
                                                     INTERFACE_INCLUDE_DIRECTORIES "${BREACHRANK_LIBCSV_INCLUDE_DIR}")
endif()
