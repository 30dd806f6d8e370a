# Runs one libFuzzer target for a bounded time on a fresh copy of its seed corpus.
# Any crash, sanitizer report, broken invariant (abort), timeout or out-of-memory makes
# libFuzzer exit non-zero, and then this script fails; the input is kept in
# ${WORK_DIR}/artifacts.
foreach(var FUZZER SEED_CORPUS WORK_DIR SECONDS MAX_LEN)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "RunFuzzer.cmake: ${var} is not set")
    endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}/corpus")
file(MAKE_DIRECTORY "${WORK_DIR}/corpus" "${WORK_DIR}/artifacts")
file(COPY "${SEED_CORPUS}/" DESTINATION "${WORK_DIR}/corpus")

set(args
    -max_total_time=${SECONDS}
    -timeout=10
    -rss_limit_mb=4096
    -max_len=${MAX_LEN}
    -print_final_stats=1
    -artifact_prefix=${WORK_DIR}/artifacts/)
if(DEFINED DICTIONARY AND EXISTS "${DICTIONARY}")
    list(APPEND args -dict=${DICTIONARY})
endif()

list(JOIN args " " shown)
message(STATUS "${FUZZER} ${shown} ${WORK_DIR}/corpus")
execute_process(
    COMMAND "${FUZZER}" ${args} "${WORK_DIR}/corpus"
    WORKING_DIRECTORY "${WORK_DIR}"
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    file(GLOB findings "${WORK_DIR}/artifacts/*")
    message(FATAL_ERROR "fuzzer failed (exit ${result}); inputs kept: ${findings}")
endif()
