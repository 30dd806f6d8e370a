#include "CommandBrowserLauncher.h"

#include "CommandStreams.h"

#include <QProcess>

using namespace Qt::StringLiterals;

namespace streamcanvas::cli {

CommandBrowserLauncher::CommandBrowserLauncher(QString command, CommandStreams &streams)
    : m_command(std::move(command))
    , m_streams(streams)
{
}

bool CommandBrowserLauncher::openUrl(const QUrl &url, QString *error)
{
    m_streams.printError(
        tr("To sign in, open this address in a browser:") + u"\n  "_s + url.toString(QUrl::FullyEncoded) + u"\n"_s);
    QString program = m_command;
    if (program.isEmpty()) {
#if defined(Q_OS_MACOS)
        program = u"open"_s;
#elif defined(Q_OS_WIN)
        program = u"explorer.exe"_s;
#else
        program = u"xdg-open"_s;
#endif
    }
    // No shell: the address is one argument, whatever it contains.
    if (!QProcess::startDetached(program, {url.toString(QUrl::FullyEncoded)})) {
        *error = tr("No browser could be started (%1).").arg(program);
        return false;
    }
    return true;
}

} // namespace streamcanvas::cli
