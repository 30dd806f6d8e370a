#include "CliRunner.h"

#include <QProcess>

namespace streamcanvas::testsupport {

CliResult runCli(const QString &program, const QStringList &arguments, const QByteArray &input, int timeoutMs)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted()) {
        qWarning("cannot start %s", qPrintable(program));
        return {};
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        qWarning("%s did not finish", qPrintable(program));
        process.kill();
        process.waitForFinished();
        return {};
    }
    CliResult result{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
        process.readAllStandardOutput(), process.readAllStandardError()};
    if (result.err.contains("Sanitizer"))
        qWarning("%s", result.err.constData());
    return result;
}

} // namespace streamcanvas::testsupport
