#pragma once

#include <QString>
#include <QUrl>

namespace streamcanvas::auth {

// Opens the sign-in page in the user's own browser. An interface so that the desktop app
// uses the system browser, the CLI prints the address too, and tests drive a headless one.
class BrowserLauncher
{
public:
    virtual ~BrowserLauncher() = default;
    // Returns false with a user-facing *error when no browser could be started.
    virtual bool openUrl(const QUrl &url, QString *error) = 0;
};

} // namespace streamcanvas::auth
