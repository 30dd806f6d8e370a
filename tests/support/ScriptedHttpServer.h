#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QUrl>

#include <chrono>

class QTcpSocket;

namespace streamcanvas::testsupport {

// A local HTTP/1.1 server (optionally over TLS) that answers from a script and records
// every request it gets. It misbehaves on purpose when told to: answers late, in pieces,
// or never. Listens on 127.0.0.1 on an ephemeral port.
class ScriptedHttpServer : public QTcpServer
{
    Q_OBJECT

public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    struct Step {
        std::chrono::milliseconds delay{0}; // after the previous step
        QByteArray bytes;
    };
    struct Response {
        QList<Step> steps;
        bool closeAfter = false; // close the connection once everything is sent
        bool stallAfter = false; // then stay open and silent, answering nothing more
    };
    struct Request {
        QByteArray method;
        QByteArray target; // as sent: a path, or absolute-form through a proxy
        Headers headers;
        QByteArray body;
        int connection = 0; // which accepted connection carried it (1, 2, ...)

        // The value of the first header with this name (any case), or a null array.
        QByteArray header(const QByteArray &name) const;
    };

    explicit ScriptedHttpServer(QObject *parent = nullptr);

    // Serve TLS with this chain (leaf first) and key; call before start().
    void setTls(const QList<QSslCertificate> &chain, const QSslKey &key);
    bool start();
    // "http://127.0.0.1:port/path" (https with TLS).
    QUrl url(const QString &path = QStringLiteral("/")) const;

    // The answer for a request target; a proxy sees absolute-form targets, which also
    // match their path. Unscripted targets get 404.
    void on(const QByteArray &target, const Response &response);

    // A complete response with Content-Length.
    static Response reply(int status, const QByteArray &body, const Headers &headers = {});
    static Response redirect(int status, const QByteArray &location);
    // Status line and headers only (the body, if any, is up to the caller's steps).
    static QByteArray head(int status, const Headers &headers);
    // Reads the request and never answers.
    static Response silence();

    QList<Request> requests() const { return m_requests; }
    int connectionCount() const { return m_connectionCount; }
    // Application bytes received (after TLS) over all connections.
    qint64 bytesReceived() const { return m_bytesReceived; }

signals:
    void requestReceived();

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void accept();
    void readFrom(QTcpSocket *socket);
    bool parseOne(QTcpSocket *socket);
    void respond(QTcpSocket *socket, const Response &response);

    QList<QSslCertificate> m_tlsChain;
    QSslKey m_tlsKey;
    QHash<QByteArray, Response> m_script;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QHash<QTcpSocket *, int> m_connectionIds;
    QList<QTcpSocket *> m_stalled;
    QList<Request> m_requests;
    int m_connectionCount = 0;
    qint64 m_bytesReceived = 0;
};

} // namespace streamcanvas::testsupport
