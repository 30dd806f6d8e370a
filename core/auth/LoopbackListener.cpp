#include "LoopbackListener.h"

#include <QTcpServer>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace streamcanvas::auth {

namespace {

constexpr qsizetype maxRequestBytes = 16 * 1024;
const QByteArray callbackPath = "/callback";
const QByteArray donePath = "/done";

QByteArray htmlEscaped(const QString &text)
{
    return text.toHtmlEscaped().toUtf8();
}

} // namespace

LoopbackListener::LoopbackListener(QObject *parent)
    : QObject(parent)
    , m_doneTitle(tr("Signed in"))
    , m_doneMessage(tr("You can close this tab and return to StreamCanvas."))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        const bool waiting = !m_called;
        close();
        if (waiting)
            Q_EMIT timedOut();
    });
}

LoopbackListener::~LoopbackListener()
{
    close();
}

bool LoopbackListener::listen(std::chrono::milliseconds timeout, QString *error)
{
    close();
    m_called = false;
    auto *v4 = new QTcpServer(this);
    if (!v4->listen(QHostAddress::LocalHost, 0)) {
        *error = tr("Sign-in could not start: no port is free on this computer's loopback interface (%1).")
                     .arg(v4->errorString());
        delete v4;
        return false;
    }
    m_port = v4->serverPort();
    m_servers.append(v4);
    // The same port on ::1, so that a browser resolving "localhost" to IPv6 still arrives;
    // not having it is fine, the redirect URI names 127.0.0.1.
    auto *v6 = new QTcpServer(this);
    if (v6->listen(QHostAddress::LocalHostIPv6, m_port))
        m_servers.append(v6);
    else
        delete v6;
    for (QTcpServer *server : std::as_const(m_servers))
        connect(server, &QTcpServer::newConnection, this, [this, server] { accept(server); });
    m_timeout.start(timeout);
    return true;
}

bool LoopbackListener::isListening() const
{
    return !m_servers.isEmpty();
}

QUrl LoopbackListener::redirectUri() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(u"127.0.0.1"_s);
    url.setPort(m_port);
    url.setPath(QString::fromLatin1(callbackPath));
    return url;
}

void LoopbackListener::close()
{
    m_timeout.stop();
    const bool wasListening = !m_servers.isEmpty();
    for (QTcpServer *server : std::as_const(m_servers)) {
        server->close();
        server->deleteLater();
    }
    m_servers.clear();
    const QList<QTcpSocket *> sockets = m_buffers.keys();
    m_buffers.clear();
    for (QTcpSocket *socket : sockets) {
        socket->disconnect(this);
        socket->disconnectFromHost();
        socket->deleteLater();
    }
    if (wasListening)
        Q_EMIT closed();
}

void LoopbackListener::setDonePage(const QString &title, const QString &message)
{
    m_doneTitle = title;
    m_doneMessage = message;
}

void LoopbackListener::accept(QTcpServer *server)
{
    while (QTcpSocket *socket = server->nextPendingConnection()) {
        // Bound to loopback, so this cannot happen unless the OS routes oddly: be sure.
        if (!socket->peerAddress().isLoopback()) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        m_buffers.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readRequest(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void LoopbackListener::readRequest(QTcpSocket *socket)
{
    if (!m_buffers.contains(socket))
        return;
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    if (buffer.size() > maxRequestBytes) {
        respond(socket, "431 Request Header Fields Too Large", {}, {});
        return;
    }
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;
    const QByteArray requestLine = buffer.left(buffer.indexOf("\r\n"));
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || !parts.at(2).startsWith("HTTP/1.")) {
        respond(socket, "400 Bad Request", {}, {});
        return;
    }
    const QByteArray &method = parts.at(0);
    const QByteArray &target = parts.at(1);
    const qsizetype question = target.indexOf('?');
    const QByteArray path = question < 0 ? target : target.left(question);

    if (method != "GET") {
        respond(socket, "405 Method Not Allowed", "Allow: GET\r\n", {});
        return;
    }
    if (path == donePath && m_called) {
        respond(socket, "200 OK", "Content-Type: text/html; charset=utf-8\r\n", donePage());
        // The tab has its page: nothing more to wait for.
        QTimer::singleShot(0, this, &LoopbackListener::close);
        return;
    }
    if (path != callbackPath || m_called) {
        respond(socket, "404 Not Found", {}, {});
        return;
    }

    m_called = true;
    m_timeout.stop();
    // A redirect, so the code and state leave the address bar and the history entry.
    respond(socket, "302 Found", "Location: " + donePath + "\r\n", {});
    // The page request may never come (the browser was closed): do not wait forever.
    QTimer::singleShot(10'000, this, &LoopbackListener::close);
    const QUrlQuery query(QString::fromLatin1(question < 0 ? QByteArray() : target.mid(question + 1)));
    Q_EMIT callbackReceived(query);
}

void LoopbackListener::respond(
    QTcpSocket *socket, const QByteArray &status, const QByteArray &headers, const QByteArray &body)
{
    m_buffers.remove(socket);
    socket->disconnect(this);
    socket->write("HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: " + QByteArray::number(body.size())
        + "\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n" + body);
    socket->disconnectFromHost();
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
}

QByteArray LoopbackListener::donePage() const
{
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + htmlEscaped(m_doneTitle)
        + "</title></head><body style=\"font-family:sans-serif;margin:4em auto;max-width:32em\"><h1>"
        + htmlEscaped(m_doneTitle) + "</h1><p>" + htmlEscaped(m_doneMessage) + "</p></body></html>";
}

} // namespace streamcanvas::auth
