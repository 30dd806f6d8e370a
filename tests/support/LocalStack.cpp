#include "LocalStack.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QtDebug>

using namespace Qt::StringLiterals;

namespace streamcanvas::testsupport {

namespace {

constexpr int startTimeoutMs = 60'000;
// stack.mjs stops nginx within 5 s even when it has to kill it; give it that and more.
constexpr int stopTimeoutMs = 15'000;

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QList<QJsonObject> readJsonLines(const QString &path)
{
    QList<QJsonObject> entries;
    const QList<QByteArray> lines = readFile(path).split('\n');
    for (const QByteArray &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
        if (document.isObject())
            entries.append(document.object());
        else
            qWarning().noquote() << u"[stack] %1: unreadable line: %2"_s.arg(path, parseError.errorString());
    }
    return entries;
}

} // namespace

LocalStack::LocalStack() = default;

LocalStack::~LocalStack()
{
    stop();
}

bool LocalStack::start(QString *error)
{
    return start(error, Options());
}

bool LocalStack::start(QString *error, const Options &options)
{
    stop();
    const QString node = QStringLiteral(STREAMCANVAS_NODE);
    if (node.isEmpty())
        return fail(error, u"node was not found when the build was configured (tools/setup.sh installs it)"_s);

    m_process = std::make_unique<QProcess>();
    m_process->setProgram(node);
    QStringList arguments{QStringLiteral(STREAMCANVAS_STACK_SCRIPT)};
    if (options.idp)
        arguments << u"--idp"_s << u"--access-token-seconds"_s << QString::number(options.accessTokenSeconds);
    m_process->setArguments(arguments);
    QObject::connect(
        m_process.get(), &QProcess::readyReadStandardError, m_process.get(), [this] { forwardDiagnostics(false); });
    m_process->start();
    if (!m_process->waitForStarted(10'000))
        return fail(error, u"cannot run %1: %2"_s.arg(node, m_process->errorString()));

    // Diagnostics on stderr are forwarded while we wait (waitForReadyRead reads both channels).
    QByteArray output;
    const QDeadlineTimer deadline(startTimeoutMs);
    while (!output.contains('\n')) {
        if (m_process->state() != QProcess::Running) {
            return fail(error,
                u"the stack exited (code %1) before it was ready; see the [stack] lines"_s.arg(m_process->exitCode()));
        }
        if (deadline.hasExpired())
            return fail(error, u"the stack was not ready within %1 s"_s.arg(startTimeoutMs / 1000));
        m_process->waitForReadyRead(static_cast<int>(qMin<qint64>(deadline.remainingTime(), 1000)));
        output += m_process->readAllStandardOutput();
    }

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(output.left(output.indexOf('\n')), &parseError);
    if (!document.isObject())
        return fail(error, u"the stack's first line is not a JSON object: %1"_s.arg(parseError.errorString()));
    m_info = document.object();
    for (const char *key : {"gateway", "untrustedGateway", "caFile", "apiKey", "upstream", "upstreamLog", "canary",
             "canaryLog", "proxy", "proxyUser", "proxyPassword", "proxyLog", "nginxLog", "dir"}) {
        if (infoString(key).isEmpty())
            return fail(error, u"the stack did not say what its %1 is"_s.arg(QLatin1StringView(key)));
    }
    if (options.idp) {
        for (const char *key :
            {"issuer", "clientId", "user", "password", "idpLog", "gatewayAudience", "otherAudience"}) {
            if (infoString(key).isEmpty())
                return fail(error, u"the stack with --idp did not say what its %1 is"_s.arg(QLatin1StringView(key)));
        }
    }
    m_caPem = readFile(infoString("caFile"));
    if (m_caPem.isEmpty())
        return fail(error, u"cannot read the CA certificate %1"_s.arg(infoString("caFile")));
    return true;
}

bool LocalStack::fail(QString *error, const QString &reason)
{
    stop();
    if (error)
        *error = reason;
    return false;
}

void LocalStack::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->closeWriteChannel();
        if (!m_process->waitForFinished(stopTimeoutMs)) {
            qWarning("[stack] did not stop after its stdin was closed; terminating it");
            m_process->terminate();
            if (!m_process->waitForFinished(5'000)) {
                m_process->kill();
                m_process->waitForFinished(5'000);
            }
        }
    }
    forwardDiagnostics(true);
    if (m_process->exitStatus() != QProcess::NormalExit || m_process->exitCode() != 0)
        qWarning("[stack] ended with exit code %d", m_process->exitCode());
    m_process.reset();
    m_info = {};
    m_caPem.clear();
}

bool LocalStack::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running && !m_info.isEmpty();
}

void LocalStack::forwardDiagnostics(bool flush)
{
    m_pendingDiagnostics += m_process->readAllStandardError();
    qsizetype end;
    while ((end = m_pendingDiagnostics.indexOf('\n')) >= 0) {
        qInfo().noquote() << u"[stack] "_s + QString::fromUtf8(m_pendingDiagnostics.left(end));
        m_pendingDiagnostics.remove(0, end + 1);
    }
    if (flush && !m_pendingDiagnostics.isEmpty()) {
        qInfo().noquote() << u"[stack] "_s + QString::fromUtf8(m_pendingDiagnostics);
        m_pendingDiagnostics.clear();
    }
}

QString LocalStack::infoString(const char *key) const
{
    return m_info.value(QLatin1StringView(key)).toString();
}

QUrl LocalStack::infoUrl(const char *key) const
{
    const QString url = infoString(key);
    return url.isEmpty() ? QUrl() : QUrl(url);
}

QUrl LocalStack::gatewayUrl() const
{
    return infoUrl("gateway");
}

QUrl LocalStack::untrustedGatewayUrl() const
{
    return infoUrl("untrustedGateway");
}

QByteArray LocalStack::caCertificatesPem() const
{
    return m_caPem;
}

QString LocalStack::caFile() const
{
    return infoString("caFile");
}

QString LocalStack::apiKey() const
{
    return infoString("apiKey");
}

QUrl LocalStack::upstreamUrl() const
{
    return infoUrl("upstream");
}

QUrl LocalStack::canaryUrl() const
{
    return infoUrl("canary");
}

QUrl LocalStack::proxyUrl() const
{
    return infoUrl("proxy");
}

QString LocalStack::proxyUser() const
{
    return infoString("proxyUser");
}

QString LocalStack::proxyPassword() const
{
    return infoString("proxyPassword");
}

QString LocalStack::directory() const
{
    return infoString("dir");
}

QList<QJsonObject> LocalStack::upstreamRequests() const
{
    return readJsonLines(infoString("upstreamLog"));
}

QList<QJsonObject> LocalStack::canaryRequests() const
{
    return readJsonLines(infoString("canaryLog"));
}

QList<QJsonObject> LocalStack::proxyRequests() const
{
    return readJsonLines(infoString("proxyLog"));
}

QStringList LocalStack::nginxAccessLog() const
{
    QStringList lines;
    const QList<QByteArray> raw = readFile(infoString("nginxLog")).split('\n');
    for (const QByteArray &line : raw) {
        if (!line.isEmpty())
            lines.append(QString::fromUtf8(line));
    }
    return lines;
}

QUrl LocalStack::issuerUrl() const
{
    return infoUrl("issuer");
}

QString LocalStack::clientId() const
{
    return infoString("clientId");
}

QString LocalStack::userName() const
{
    return infoString("user");
}

QString LocalStack::userPassword() const
{
    return infoString("password");
}

QString LocalStack::gatewayAudience() const
{
    return infoString("gatewayAudience");
}

QString LocalStack::otherAudience() const
{
    return infoString("otherAudience");
}

QList<QJsonObject> LocalStack::idpRequests() const
{
    return readJsonLines(infoString("idpLog"));
}

} // namespace streamcanvas::testsupport
