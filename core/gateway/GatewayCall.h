#pragma once

#include "AccessTokenSource.h"
#include "ErrorMapper.h"
#include "GatewayError.h"
#include "RetryPolicy.h"

#include <QNetworkRequest>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QNetworkReply;

namespace streamcanvas::net {
class NetworkAccessManager;
}

namespace streamcanvas::gateway {

// One request to the gateway with everything around it: the Authorization header, one
// renewal after a 401, retries with backoff while no answer has started, and error mapping.
// Once a 2xx answer has started, its body is handed out as it arrives and nothing is
// retried any more.
class GatewayCall : public QObject
{
    Q_OBJECT

public:
    struct Target {
        QNetworkRequest request;
        QByteArray body; // POSTed when not empty, else GET
        ErrorMapper::Request kind = ErrorMapper::Request::Chat;
        QString model; // for error messages
    };

    GatewayCall(net::NetworkAccessManager &network, AccessTokenSource &auth, RetryPolicy retryPolicy, Target target,
        QObject *parent = nullptr);
    ~GatewayCall() override;

    void start();
    // Stops at once; `ended` follows with Kind::Cancelled unless the call had already ended.
    void abort();

    bool hasResponseStarted() const { return m_responseStarted; }
    int attempts() const { return m_attempt; }
    int httpStatus() const { return m_status; }
    net::NetworkAccessManager &network() const { return m_network; }
    QByteArray contentType() const { return m_contentType; }

Q_SIGNALS:
    // About to wait `delay` before the next try because of `reason`.
    void retrying(int nextAttempt, std::chrono::milliseconds delay, const streamcanvas::gateway::GatewayError &reason);
    // A 2xx answer's headers arrived.
    void responseStarted();
    // Body bytes of the 2xx answer, in order, as they arrive.
    void bodyReceived(const QByteArray &bytes);
    // Exactly once. No error: the answer's body ended normally. Otherwise what went wrong;
    // hasResponseStarted() tells whether that was before or during the answer.
    void ended(const streamcanvas::gateway::GatewayError &error);

private:
    void requestAuthorization();
    void send(const QByteArray &authorization);
    void onMetaData();
    void onReadyRead();
    void onFinished();
    void retryOrFail(const GatewayError &error);
    void finish(const GatewayError &error);
    void dropReply();

    net::NetworkAccessManager &m_network;
    AccessTokenSource &m_auth;
    RetryPolicy m_retryPolicy;
    ErrorMapper m_errors;
    Target m_target;

    QPointer<QNetworkReply> m_reply;
    QTimer m_retryTimer;
    QByteArray m_authorization;
    QByteArray m_errorBody;
    QByteArray m_contentType;
    int m_attempt = 0;
    int m_status = 0;
    bool m_renewed = false;
    bool m_responseStarted = false;
    bool m_ended = false;
};

} // namespace streamcanvas::gateway
