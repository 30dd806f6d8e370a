#pragma once

#include "auth/BrowserLauncher.h"

#include <QCoreApplication>

namespace streamcanvas::cli {

class CommandStreams;

// Opens the sign-in page from the command line: prints the address (so it can be opened
// by hand, or on another machine's screen) and starts `command` with the address as its
// only argument — the system's opener (xdg-open, open) unless the user names a browser.
class CommandBrowserLauncher : public auth::BrowserLauncher
{
    Q_DECLARE_TR_FUNCTIONS(CommandBrowserLauncher)

public:
    CommandBrowserLauncher(QString command, CommandStreams &streams);

    bool openUrl(const QUrl &url, QString *error) override;

private:
    QString m_command;
    CommandStreams &m_streams;
};

} // namespace streamcanvas::cli
