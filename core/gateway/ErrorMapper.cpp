#include "ErrorMapper.h"

#include "markdown/TextSanitizer.h"
#include "net/NetworkAccessManager.h"
#include "net/Redactor.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkReply>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace streamcanvas::gateway {

namespace {

// Upstream messages are shown as a hint, not as a document.
constexpr qsizetype maxDetailLength = 300;

QString waitText(std::chrono::milliseconds wait)
{
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(wait + 999ms).count();
    if (seconds < 120)
        return ErrorMapper::tr("%n second(s)", nullptr, int(seconds));
    return ErrorMapper::tr("%n minute(s)", nullptr, int((seconds + 59) / 60));
}

} // namespace

ErrorMapper::ErrorMapper(const net::Redactor &redactor)
    : m_redactor(redactor)
{
}

GatewayError ErrorMapper::fromResponse(int status, QByteArrayView retryAfter, const QByteArray &body, Request request,
    const QString &model, const QDateTime &now) const
{
    GatewayError error;
    error.httpStatus = status;
    error.retryAfter = parseRetryAfter(retryAfter, now);
    const QString shownModel = m_redactor.redact(model);

    switch (status) {
    case 401:
        error.kind = GatewayError::Kind::SignIn;
        error.message = tr("The gateway did not accept your sign-in. Sign in again.");
        break;
    case 403:
        error.kind = GatewayError::Kind::Permission;
        error.message = request == Request::Chat && !model.isEmpty()
            ? tr("You don't have permission to use the model \u201c%1\u201d on this gateway.").arg(shownModel)
            : tr("You don't have permission to use this gateway.");
        break;
    case 404:
        error.kind = GatewayError::Kind::NotFound;
        error.message = request == Request::Chat && !model.isEmpty()
            ? tr("The gateway doesn't know the model \u201c%1\u201d, or the gateway address is wrong.").arg(shownModel)
            : tr("The gateway address seems to be wrong: it has no model list.");
        break;
    case 413:
        error.kind = GatewayError::Kind::TooLarge;
        error.message = tr("The conversation is too long for the gateway. Shorten the message or start a new "
                           "conversation.");
        break;
    case 429:
        error.kind = GatewayError::Kind::RateLimited;
        error.message = error.retryAfter
            ? tr("The gateway is limiting how many requests you can make. Try again in %1.")
                  .arg(waitText(*error.retryAfter))
            : tr("The gateway is limiting how many requests you can make. Try again in a moment.");
        break;
    default:
        if (status >= 500) {
            error.kind = GatewayError::Kind::Gateway;
            error.message = error.retryAfter
                ? tr("The gateway has a problem (HTTP %1). Try again in %2.")
                      .arg(status)
                      .arg(waitText(*error.retryAfter))
                : tr("The gateway has a problem (HTTP %1). Try again in a moment.").arg(status);
        } else {
            error.kind = GatewayError::Kind::BadRequest;
            error.message = tr("The gateway rejected the request (HTTP %1).").arg(status);
        }
        break;
    }

    const QString said = detail(body);
    if (!said.isEmpty())
        error.message += u' ' + tr("The gateway said: %1").arg(said);
    return error;
}

GatewayError ErrorMapper::fromReply(const QNetworkReply &reply) const
{
    GatewayError error;
    const net::Refusal refusal = net::NetworkAccessManager::refusal(&reply);
    switch (refusal) {
    case net::Refusal::None:
        break;
    case net::Refusal::ConnectTimeout:
    case net::Refusal::FirstByteTimeout:
    case net::Refusal::IdleTimeout:
        error.kind = GatewayError::Kind::Timeout;
        error.message = net::NetworkAccessManager::refusalMessage(refusal);
        return error;
    case net::Refusal::PinMismatch:
        error.kind = GatewayError::Kind::Tls;
        error.message = net::NetworkAccessManager::refusalMessage(refusal);
        return error;
    case net::Refusal::NotAllowed:
    case net::Refusal::CrossOriginRedirect:
    case net::Refusal::InvalidSettings:
        error.kind = GatewayError::Kind::NotAllowed;
        error.message = net::NetworkAccessManager::refusalMessage(refusal);
        return error;
    }

    switch (reply.error()) {
    case QNetworkReply::SslHandshakeFailedError:
        error.kind = GatewayError::Kind::Tls;
        error.message = tr("The secure connection to the gateway could not be verified (%1). Ask your IT "
                           "department whether a company certificate must be installed.")
                            .arg(m_redactor.redact(reply.errorString()));
        return error;
    case QNetworkReply::ConnectionRefusedError:
        error.kind = GatewayError::Kind::Network;
        error.message = tr("The gateway can't be reached: the connection was refused.");
        return error;
    case QNetworkReply::HostNotFoundError:
        error.kind = GatewayError::Kind::Network;
        error.message = tr("The gateway can't be reached: its address was not found. Check your network "
                           "connection.");
        return error;
    case QNetworkReply::TimeoutError:
        error.kind = GatewayError::Kind::Timeout;
        error.message = tr("The gateway did not answer in time.");
        return error;
    case QNetworkReply::ProxyAuthenticationRequiredError:
        error.kind = GatewayError::Kind::Network;
        error.message = tr("The proxy server did not accept the proxy credentials.");
        return error;
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
        error.kind = GatewayError::Kind::Network;
        error.message = tr("The proxy server can't be reached.");
        return error;
    case QNetworkReply::OperationCanceledError:
        error.kind = GatewayError::Kind::Cancelled;
        error.message = tr("Stopped.");
        return error;
    default:
        break;
    }
    error.kind = GatewayError::Kind::Network;
    error.message = tr("The connection to the gateway failed (%1).").arg(m_redactor.redact(reply.errorString()));
    return error;
}

GatewayError ErrorMapper::fromStreamError(const QByteArray &data) const
{
    GatewayError error;
    error.kind = GatewayError::Kind::ModelError;
    error.message = tr("The model stopped with an error.");
    const QString said = detail(data);
    if (!said.isEmpty())
        error.message += u' ' + tr("The gateway said: %1").arg(said);
    return error;
}

std::optional<std::chrono::milliseconds> ErrorMapper::parseRetryAfter(QByteArrayView value, const QDateTime &now)
{
    const QByteArray trimmed = value.trimmed().toByteArray();
    if (trimmed.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qlonglong seconds = trimmed.toLongLong(&ok);
    if (ok)
        return seconds >= 0 ? std::optional(std::chrono::milliseconds(std::min<qlonglong>(seconds, 86'400) * 1000))
                            : std::nullopt;
    // IMF-fixdate: "Wed, 21 Oct 2015 07:28:00 GMT".
    const QDateTime date = QLocale::c().toDateTime(QString::fromLatin1(trimmed), u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s);
    if (!date.isValid())
        return std::nullopt;
    QDateTime utc = date;
    utc.setTimeZone(QTimeZone::utc());
    const qint64 ms = now.msecsTo(utc);
    return std::chrono::milliseconds(std::clamp<qint64>(ms, 0, 86'400'000));
}

QString ErrorMapper::upstreamMessage(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return {};
    const QJsonObject object = document.object();
    const QJsonValue error = object.value(u"error"_s);
    if (error.isObject())
        return error.toObject().value(u"message"_s).toString();
    if (error.isString())
        return error.toString();
    return object.value(u"message"_s).toString();
}

QString ErrorMapper::detail(const QByteArray &body) const
{
    QString message = upstreamMessage(body).simplified();
    if (message.isEmpty())
        return {};
    message = m_redactor.redact(message);
    // The gateway relays text from elsewhere: make hidden and reordering characters visible.
    markdown::TextSanitizer::sanitize(message);
    if (message.size() > maxDetailLength)
        message = message.left(maxDetailLength - 1) + u'\u2026';
    return message;
}

} // namespace streamcanvas::gateway
