# Breaks the real schema in one place at a time and runs the generator on it: each time it
# must exit 1 with a message that names the policy and the field. The unbroken schema must
# pass, so the check can tell the two apart.
#
#   cmake -DGENERATOR=... -DSCHEMA=... -DWORK_DIR=... -P CheckSchemaErrors.cmake
foreach(variable GENERATOR SCHEMA WORK_DIR)
    if(NOT DEFINED ${variable})
        message(FATAL_ERROR "${variable} is not set")
    endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
file(READ "${SCHEMA}" schema)

# The index of a policy in "policies".
function(policy_index name out)
    string(JSON count LENGTH "${schema}" policies)
    math(EXPR last "${count} - 1")
    foreach(i RANGE ${last})
        string(JSON candidate GET "${schema}" policies ${i} name)
        if(candidate STREQUAL name)
            set(${out} ${i} PARENT_SCOPE)
            return()
        endif()
    endforeach()
    message(FATAL_ERROR "no policy ${name} in ${SCHEMA}")
endfunction()

set(failures "")
# run(CASE expected-exit document expected-text...)
function(run case expected document)
    set(file "${WORK_DIR}/${case}.json")
    file(WRITE "${file}" "${document}")
    execute_process(COMMAND "${GENERATOR}" --schema "${file}" --cpp "${WORK_DIR}/${case}"
        RESULT_VARIABLE result ERROR_VARIABLE errors OUTPUT_VARIABLE output)
    if(NOT result EQUAL expected)
        set(failures "${failures}\n  ${case}: exit ${result}, expected ${expected}:\n${errors}" PARENT_SCOPE)
        return()
    endif()
    foreach(text IN LISTS ARGN)
        string(FIND "${errors}" "${text}" position)
        if(position EQUAL -1)
            set(failures "${failures}\n  ${case}: the message does not say '${text}':\n${errors}" PARENT_SCOPE)
            return()
        endif()
    endforeach()
    message(STATUS "${case}: ${errors}")
endfunction()

run(unchanged 0 "${schema}")

policy_index(AuthMode auth)
policy_index(HistoryRetentionDays retention)
policy_index(AllowedModels models)
policy_index(OidcIssuer issuer)
policy_index(LogLevel logLevel)
policy_index(PinnedPublicKeys pins)

string(JSON broken SET "${schema}" policies ${issuer} name "\"GatewayUrl\"")
run(duplicate-name 1 "${broken}" "policy \"GatewayUrl\", field \"name\"" "not unique")

string(JSON broken SET "${schema}" policies ${auth} category "\"Elsewhere\"")
run(unknown-category 1 "${broken}" "policy \"AuthMode\", field \"category\"")

string(JSON broken SET "${schema}" policies ${auth} type "\"choice\"")
run(unknown-type 1 "${broken}" "policy \"AuthMode\", field \"type\"")

string(JSON broken SET "${schema}" policies ${retention} apply "\"sometimes\"")
run(unknown-apply 1 "${broken}" "policy \"HistoryRetentionDays\", field \"apply\"")

string(JSON broken SET "${schema}" policies ${models} levels "[\"mandatory\", \"suggested\"]")
run(unknown-level 1 "${broken}" "policy \"AllowedModels\", field \"levels\"")

string(JSON broken REMOVE "${schema}" policies ${issuer} title de)
run(missing-german-title 1 "${broken}" "policy \"OidcIssuer\", field \"title.de\"")

string(JSON broken REMOVE "${schema}" policies ${issuer} description en)
run(missing-english-description 1 "${broken}" "policy \"OidcIssuer\", field \"description.en\"")

string(JSON broken REMOVE "${schema}" policies ${logLevel} values 0 title de)
run(enum-value-without-german 1 "${broken}" "policy \"LogLevel\", field \"values.error.title.de\"")

string(JSON broken REMOVE "${schema}" categories 0 title de)
run(category-without-german 1 "${broken}" "category \"Connection\", field \"title.de\"")

string(JSON broken SET "${schema}" policies ${retention} default "\"ninety\"")
run(default-of-wrong-type 1 "${broken}" "policy \"HistoryRetentionDays\", field \"default\"")

string(JSON broken SET "${schema}" policies ${retention} example 5000)
run(example-out-of-range 1 "${broken}" "policy \"HistoryRetentionDays\", field \"example\"")

string(JSON broken SET "${schema}" policies ${models} example "[42]")
run(list-item-of-wrong-type 1 "${broken}" "policy \"AllowedModels\", field \"example\"")

string(JSON broken SET "${schema}" policies ${auth} example "\"kerberos\"")
run(unknown-enum-example 1 "${broken}" "policy \"AuthMode\", field \"example\"")

string(JSON broken SET "${schema}" policies ${pins} example "{\"ai.example.com\": [\"short\"]}")
run(pin-not-matching-format 1 "${broken}" "policy \"PinnedPublicKeys\", field \"example\"")

string(JSON broken SET "${schema}" policies ${retention} maximun 10)
run(unknown-field 1 "${broken}" "policy \"HistoryRetentionDays\", field \"maximun\"")

string(JSON broken SET "${schema}" examples 1 policies 0 "\"AllowedModels\"")
run(mandatory-only-in-recommended-example 1 "${broken}" "example file \"50-defaults.json\", field \"policies\"")

if(failures)
    message(FATAL_ERROR "The generator did not reject a broken schema as it should:${failures}")
endif()
