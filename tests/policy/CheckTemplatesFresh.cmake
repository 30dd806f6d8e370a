# Runs the generator into WORK_DIR and compares what it makes with the checked-in templates
# (TEMPLATES) and docs (DOCS). Fails, naming each file, when they differ or when a checked-in
# file is no longer generated.
#
#   cmake -DGENERATOR=... -DSCHEMA=... -DTEMPLATES=... -DDOCS=... -DWORK_DIR=... -P CheckTemplatesFresh.cmake
foreach(variable GENERATOR SCHEMA TEMPLATES DOCS WORK_DIR)
    if(NOT DEFINED ${variable})
        message(FATAL_ERROR "${variable} is not set")
    endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
foreach(mode templates docs)
    if(mode STREQUAL "templates")
        set(target "${WORK_DIR}/templates")
    else()
        set(target "${WORK_DIR}/policies.md")
    endif()
    execute_process(COMMAND "${GENERATOR}" --schema "${SCHEMA}" --${mode} "${target}"
        RESULT_VARIABLE result ERROR_VARIABLE errors)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "streamcanvas-policygen --${mode} failed (${result}):\n${errors}")
    endif()
endforeach()

set(stale "")
file(GLOB_RECURSE generated RELATIVE "${WORK_DIR}/templates" "${WORK_DIR}/templates/*")
list(SORT generated)
foreach(file IN LISTS generated)
    if(NOT EXISTS "${TEMPLATES}/${file}")
        list(APPEND stale "packaging/policy/${file} is missing")
        continue()
    endif()
    execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${WORK_DIR}/templates/${file}" "${TEMPLATES}/${file}"
        RESULT_VARIABLE different)
    if(different)
        list(APPEND stale "packaging/policy/${file} differs from what the generator makes")
    endif()
endforeach()

# Everything in packaging/policy but its README is generated.
file(GLOB_RECURSE checked_in RELATIVE "${TEMPLATES}" "${TEMPLATES}/*")
list(REMOVE_ITEM checked_in README.md ${generated})
foreach(file IN LISTS checked_in)
    list(APPEND stale "packaging/policy/${file} is not generated any more")
endforeach()

execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${WORK_DIR}/policies.md" "${DOCS}"
    RESULT_VARIABLE different)
if(different)
    list(APPEND stale "docs/policies.md differs from what the generator makes")
endif()

if(stale)
    list(JOIN stale "\n  " lines)
    message(FATAL_ERROR "The policy templates are out of date with ${SCHEMA}:\n  ${lines}\n"
        "Run tools/update-policy-templates.sh and commit the result.")
endif()
list(LENGTH generated count)
message(STATUS "${count} templates and docs/policies.md are up to date")
