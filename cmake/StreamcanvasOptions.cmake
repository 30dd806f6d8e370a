# One interface target carries the language standard, warnings and Qt safety defines;
# every target of ours links it instead of touching global flags.
add_library(streamcanvas_options INTERFACE)
target_compile_features(streamcanvas_options INTERFACE cxx_std_20)

if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(streamcanvas_options INTERFACE
        -Wall -Wextra -Wpedantic -Wold-style-cast -Wnon-virtual-dtor)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        target_compile_options(streamcanvas_options INTERFACE -Wshadow=local)
    endif()
elseif(MSVC)
    target_compile_options(streamcanvas_options INTERFACE /W4 /permissive- /utf-8)
endif()

target_compile_definitions(streamcanvas_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    QT_DISABLE_DEPRECATED_UP_TO=0x060400)

if(Qt6_VERSION VERSION_GREATER_EQUAL 6.7)
    target_compile_definitions(streamcanvas_options INTERFACE QT_NO_CONTEXTLESS_CONNECT)
endif()

if(STREAMCANVAS_SANITIZE)
    target_compile_options(streamcanvas_options INTERFACE
        -fsanitize=${STREAMCANVAS_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_link_options(streamcanvas_options INTERFACE -fsanitize=${STREAMCANVAS_SANITIZE})
endif()

if(STREAMCANVAS_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "STREAMCANVAS_FUZZ needs clang (libFuzzer); use the 'fuzz' preset")
    endif()
    target_compile_options(streamcanvas_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
