# Launchers (for add_streamcanvas_test's LAUNCHER) that run a test against a private,
# headless keychain; see headless-keychain.sh. Freedesktop systems only.
find_program(STREAMCANVAS_BASH bash REQUIRED)
set(STREAMCANVAS_HEADLESS_KEYCHAIN "${STREAMCANVAS_BASH}" "${CMAKE_CURRENT_LIST_DIR}/headless-keychain.sh" --)
set(STREAMCANVAS_NO_SECRET_SERVICE
    "${STREAMCANVAS_BASH}" "${CMAKE_CURRENT_LIST_DIR}/headless-keychain.sh" --no-secret-service --)
