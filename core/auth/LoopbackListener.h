#pragma once

#include <QHash>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <chrono>

class QTcpServer;
class QTcpSocket;

namespace streamcanvas::auth {

// The redirect target of one browser sign-in (RFC 8252 §7.3): an HTTP listener on the
// loopback interface only (127.0.0.1, and ::1 on the same port when the machine has it),
// on an ephemeral port. It accepts exactly one request to the callback path, answers the
// browser with a redirect to a small "you can close this tab" page, and then closes. Any
// other path gets a 404 and is otherwise ignored; connections from anywhere but loopback
// are dropped. It also closes on close() and after the timeout.
class LoopbackListener : public QObject
{
    Q_OBJECT

public:
    explicit LoopbackListener(QObject *parent = nullptr);
    ~LoopbackListener() override;

    // Starts listening. On failure returns false with a user-facing *error.
    bool listen(std::chrono::milliseconds timeout, QString *error);
    bool isListening() const;
    // http://127.0.0.1:<port>/callback: what the authorization request names.
    QUrl redirectUri() const;
    void close();

    // The page the browser shows once the callback came; set before the callback arrives.
    void setDonePage(const QString &title, const QString &message);

Q_SIGNALS:
    // The one callback request, with its query (code, state, iss, or error...).
    void callbackReceived(const QUrlQuery &query);
    void timedOut();
    // Listening ended (after the done page was served, on close(), or on the timeout).
    void closed();

private:
    void accept(QTcpServer *server);
    void readRequest(QTcpSocket *socket);
    void respond(QTcpSocket *socket, const QByteArray &status, const QByteArray &headers, const QByteArray &body);
    QByteArray donePage() const;

    QList<QTcpServer *> m_servers;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QTimer m_timeout;
    quint16 m_port = 0;
    bool m_called = false;
    QString m_doneTitle;
    QString m_doneMessage;
};

} // namespace streamcanvas::auth
