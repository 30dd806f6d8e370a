#include "PlaywrightBrowser.h"

#include "LocalStack.h"

#include <QDir>
#include <QEventLoop>
#include <QProcess>
#include <QTimer>
#include <QtDebug>

using namespace Qt::StringLiterals;

namespace streamcanvas::testsupport {

namespace {

// The scripts give up after 60 s themselves; this is for a script that hangs regardless.
constexpr int runTimeoutMs = 90'000;

// Prints the complete lines of what the script wrote to stderr, and keeps the last one (on a
// failure, the script's reason).
void forwardLines(QByteArray *pending, QString *lastLine, const QByteArray &data, bool flush)
{
    *pending += data;
    const auto print = [lastLine](const QByteArray &line) {
        const QString text = QString::fromUtf8(line);
        qInfo().noquote() << u"[browser] "_s + text;
        if (!text.trimmed().isEmpty())
            *lastLine = text.trimmed();
    };
    qsizetype end;
    while ((end = pending->indexOf('\n')) >= 0) {
        print(pending->left(end));
        pending->remove(0, end + 1);
    }
    if (flush && !pending->isEmpty()) {
        print(*pending);
        pending->clear();
    }
}

} // namespace

PlaywrightBrowser::PlaywrightBrowser(const LocalStack &stack)
    : PlaywrightBrowser(stack.userName(), stack.userPassword(), stack.caFile())
{
}

PlaywrightBrowser::PlaywrightBrowser(const QString &userName, const QString &password, const QString &caFile)
    : m_userName(userName)
    , m_password(password)
    , m_caFile(caFile)
{
}

bool PlaywrightBrowser::signIn(const QUrl &authorizationUrl, QString *error)
{
    return run(u"sign-in.mjs"_s, {authorizationUrl.toString(QUrl::FullyEncoded), m_userName, m_password}, error);
}

bool PlaywrightBrowser::approveDevice(const QUrl &verificationUri, const QString &userCode, QString *error)
{
    return run(
        u"device.mjs"_s, {verificationUri.toString(QUrl::FullyEncoded), userCode, m_userName, m_password}, error);
}

QString PlaywrightBrowser::lastCallback() const
{
    return m_lastOutput;
}

bool PlaywrightBrowser::run(const QString &script, const QStringList &arguments, QString *error)
{
    m_lastOutput.clear();
    const auto fail = [error](const QString &reason) {
        if (error)
            *error = reason;
        return false;
    };
    const QString node = QStringLiteral(STREAMCANVAS_NODE);
    if (node.isEmpty())
        return fail(u"node was not found when the build was configured (tools/setup.sh installs it)"_s);

    QProcess process;
    process.setProgram(node);
    QStringList all{QDir(QStringLiteral(STREAMCANVAS_BROWSER_DIR)).filePath(script)};
    if (!m_caFile.isEmpty())
        all << u"--ca-file"_s << m_caFile;
    process.setArguments(all + arguments);

    QByteArray pendingDiagnostics;
    QString lastDiagnostic;
    QByteArray output;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&process, &QProcess::readyReadStandardError, &loop,
        [&] { forwardLines(&pendingDiagnostics, &lastDiagnostic, process.readAllStandardError(), false); });
    QObject::connect(
        &process, &QProcess::readyReadStandardOutput, &loop, [&] { output += process.readAllStandardOutput(); });
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, [&](QProcess::ProcessError processError) {
        if (processError == QProcess::FailedToStart)
            loop.quit();
    });
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);

    process.start();
    timer.start(runTimeoutMs);
    // The browser needs this thread's event loop: the callback it goes to may be served here.
    if (process.state() != QProcess::NotRunning)
        loop.exec();
    const bool timedOut = process.state() != QProcess::NotRunning;
    if (timedOut) {
        process.terminate();
        if (!process.waitForFinished(5'000)) {
            process.kill();
            process.waitForFinished(5'000);
        }
    }
    output += process.readAllStandardOutput();
    forwardLines(&pendingDiagnostics, &lastDiagnostic, process.readAllStandardError(), true);

    if (process.error() == QProcess::FailedToStart)
        return fail(u"cannot run %1: %2"_s.arg(node, process.errorString()));
    if (timedOut)
        return fail(u"%1 did not finish within %2 s"_s.arg(script).arg(runTimeoutMs / 1000));
    m_lastOutput = QString::fromUtf8(output).trimmed();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        const int code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        return fail(u"%1 failed (exit code %2): %3"_s.arg(script).arg(code).arg(lastDiagnostic));
    }
    return true;
}

} // namespace streamcanvas::testsupport
