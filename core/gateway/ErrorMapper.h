#pragma once

#include "GatewayError.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>

class QNetworkReply;

namespace streamcanvas::net {
class Redactor;
}

namespace streamcanvas::gateway {

// Turns what the gateway or the network said into a GatewayError a person can act on. Every
// piece of upstream text that makes it into a message goes through the redactor first, and
// a raw body (an HTML error page, say) never does.
class ErrorMapper
{
    Q_DECLARE_TR_FUNCTIONS(ErrorMapper)

public:
    enum class Request { Models, Chat };

    explicit ErrorMapper(const net::Redactor &redactor);

    // A non-2xx answer. `retryAfter` is the raw Retry-After header; `body` may be an
    // OpenAI-style error object, anything else, or empty.
    GatewayError fromResponse(int status, QByteArrayView retryAfter, const QByteArray &body, Request request,
        const QString &model, const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    // A reply that ended without an HTTP answer (or was stopped by our own network rules).
    GatewayError fromReply(const QNetworkReply &reply) const;
    // The JSON of an error object or `event: error` in the middle of a stream.
    GatewayError fromStreamError(const QByteArray &data) const;

    // Retry-After as delay-seconds or an HTTP-date; nullopt when absent or malformed.
    static std::optional<std::chrono::milliseconds> parseRetryAfter(QByteArrayView value, const QDateTime &now);
    // The "message" of an OpenAI-style {"error": {...}} body (or {"message": ...}), if any.
    static QString upstreamMessage(const QByteArray &body);

private:
    QString detail(const QByteArray &body) const;

    const net::Redactor &m_redactor;
};

} // namespace streamcanvas::gateway
