# SPDX-License-Identifier: GPL-3.0-or-later
option(PORTICO_BUILD_UI "Build the Qt workstation and its UI library" ON)
option(PORTICO_BUILD_TESTS "Build the test suite" ON)
option(PORTICO_WERROR "Treat compiler warnings as errors" OFF)
option(PORTICO_WITH_FAISS "Build FAISS comparisons into the benchmarks (libfaiss-dev)" OFF)
set(PORTICO_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. 'address;undefined' or 'thread'")
set(PORTICO_SHARED_DIR "${PROJECT_SOURCE_DIR}/../shared" CACHE PATH "The shared folder with faces/ (test data)")

set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

# Warnings and sanitizers are applied per target, never directory-wide.
function(portico_target_defaults target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                             -Wold-style-cast -Wcast-align -Woverloaded-virtual)
    if(PORTICO_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
    if(PORTICO_SANITIZE)
        list(JOIN PORTICO_SANITIZE "," _san)
        target_compile_options(${target} PRIVATE -fsanitize=${_san} -fno-omit-frame-pointer
                                                 -fno-sanitize-recover=undefined)
        target_link_options(${target} PRIVATE -fsanitize=${_san})
    endif()
endfunction()

# clang-format over the tracked sources: `format` rewrites, `format-check` fails on any difference.
find_program(PORTICO_CLANG_FORMAT NAMES clang-format-14 clang-format)
if(PORTICO_CLANG_FORMAT)
    add_custom_target(format COMMAND "${PROJECT_SOURCE_DIR}/scripts/format" "${PORTICO_CLANG_FORMAT}"
                      WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}" VERBATIM)
    add_custom_target(format-check COMMAND "${PROJECT_SOURCE_DIR}/scripts/format" --check "${PORTICO_CLANG_FORMAT}"
                      WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}" VERBATIM)
endif()
