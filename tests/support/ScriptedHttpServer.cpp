#include "ScriptedHttpServer.h"

#include <QSslSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace streamcanvas::testsupport {

namespace {

QByteArray reason(int status)
{
    switch (status) {
    case 200:
        return "OK"_ba;
    case 301:
        return "Moved Permanently"_ba;
    case 302:
        return "Found"_ba;
    case 307:
        return "Temporary Redirect"_ba;
    case 404:
        return "Not Found"_ba;
    case 407:
        return "Proxy Authentication Required"_ba;
    default:
        return "Status"_ba;
    }
}

} // namespace

QByteArray ScriptedHttpServer::Request::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

ScriptedHttpServer::ScriptedHttpServer(QObject *parent)
    : QTcpServer(parent)
{
    connect(this, &QTcpServer::newConnection, this, &ScriptedHttpServer::accept);
}

void ScriptedHttpServer::setTls(const QList<QSslCertificate> &chain, const QSslKey &key)
{
    m_tlsChain = chain;
    m_tlsKey = key;
}

bool ScriptedHttpServer::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

QUrl ScriptedHttpServer::url(const QString &path) const
{
    QUrl url;
    url.setScheme(m_tlsChain.isEmpty() ? u"http"_s : u"https"_s);
    url.setHost(u"127.0.0.1"_s);
    url.setPort(serverPort());
    url.setPath(path);
    return url;
}

void ScriptedHttpServer::on(const QByteArray &target, const Response &response)
{
    m_script.insert(target, response);
}

ScriptedHttpServer::Response ScriptedHttpServer::reply(int status, const QByteArray &body, const Headers &headers)
{
    Headers all = headers;
    all.append({"Content-Length"_ba, QByteArray::number(body.size())});
    return Response{{Step{std::chrono::milliseconds(0), head(status, all) + body}}};
}

ScriptedHttpServer::Response ScriptedHttpServer::redirect(int status, const QByteArray &location)
{
    return reply(status, {}, {{"Location"_ba, location}});
}

QByteArray ScriptedHttpServer::head(int status, const Headers &headers)
{
    QByteArray out = "HTTP/1.1 "_ba + QByteArray::number(status) + ' ' + reason(status) + "\r\n";
    for (const auto &[key, value] : headers)
        out += key + ": " + value + "\r\n";
    return out + "\r\n";
}

ScriptedHttpServer::Response ScriptedHttpServer::silence()
{
    Response response;
    response.stallAfter = true;
    return response;
}

void ScriptedHttpServer::incomingConnection(qintptr socketDescriptor)
{
    if (m_tlsChain.isEmpty()) {
        QTcpServer::incomingConnection(socketDescriptor);
        return;
    }
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    socket->setLocalCertificateChain(m_tlsChain);
    socket->setPrivateKey(m_tlsKey);
    socket->setPeerVerifyMode(QSslSocket::VerifyNone); // clients present no certificate
    socket->startServerEncryption();
    addPendingConnection(socket);
}

void ScriptedHttpServer::accept()
{
    while (QTcpSocket *socket = nextPendingConnection()) {
        m_connectionIds.insert(socket, ++m_connectionCount);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readFrom(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            m_stalled.removeAll(socket);
            socket->deleteLater();
        });
    }
}

void ScriptedHttpServer::readFrom(QTcpSocket *socket)
{
    const QByteArray data = socket->readAll();
    m_bytesReceived += data.size();
    if (m_stalled.contains(socket))
        return;
    m_buffers[socket] += data;
    while (!m_stalled.contains(socket) && parseOne(socket)) { }
}

bool ScriptedHttpServer::parseOne(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return false;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    Request request;
    request.method = requestLine.value(0);
    request.target = requestLine.value(1);
    request.connection = m_connectionIds.value(socket);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            request.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    const qsizetype length = request.header("Content-Length"_ba).toLongLong();
    if (buffer.size() < headEnd + 4 + length)
        return false;
    request.body = buffer.mid(headEnd + 4, length);
    buffer.remove(0, headEnd + 4 + length);
    m_requests.append(request);

    Response response = reply(404, "not scripted"_ba);
    if (auto it = m_script.constFind(request.target); it != m_script.cend())
        response = *it;
    else if (auto byPath = m_script.constFind(QUrl(QString::fromLatin1(request.target)).path().toLatin1());
             byPath != m_script.cend())
        response = *byPath;
    respond(socket, response);
    emit requestReceived();
    return true;
}

void ScriptedHttpServer::respond(QTcpSocket *socket, const Response &response)
{
    if (response.stallAfter)
        m_stalled.append(socket);
    std::chrono::milliseconds at{0};
    for (const Step &step : response.steps) {
        at += step.delay;
        QTimer::singleShot(at, socket, [socket, bytes = step.bytes] { socket->write(bytes); });
    }
    if (response.closeAfter)
        QTimer::singleShot(at, socket, [socket] { socket->disconnectFromHost(); });
}

} // namespace streamcanvas::testsupport
