#pragma once

#include <QObject>

#include <chrono>
#include <functional>

namespace streamcanvas::secrets {

// Asks the Secret Service's bus what QtKeychain's errors leave out (Linux and other
// freedesktop systems). Through libsecret, "no keychain service at all" arrives as a
// generic error, and "the keychain is locked and the unlock prompt was dismissed or could
// not be shown" arrives as a missing entry.
class SecretServiceProbe
{
public:
    // True when the session bus is reachable and org.freedesktop.secrets is running or can
    // be started. Asks only the bus daemon, which answers at once.
    static bool serviceAvailable();
    // Asks the Secret Service whether its default collection is locked; `done` gets false
    // when it says no or does not answer in time. `done` runs from the event loop and not
    // at all if `context` is destroyed first.
    static void defaultCollectionLocked(
        QObject *context, std::chrono::milliseconds timeout, std::function<void(bool locked)> done);
};

} // namespace streamcanvas::secrets
