#include "TokenEndpoint.h"

#include "markdown/TextSanitizer.h"
#include "net/NetworkAccessManager.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace streamcanvas::auth {

namespace {

constexpr qsizetype maxBody = 1024 * 1024;

QByteArray formValue(const QString &value)
{
    return QUrl::toPercentEncoding(value);
}

} // namespace

TokenEndpoint::TokenEndpoint(net::NetworkAccessManager &network, OidcConfiguration configuration, QString clientId)
    : m_network(network)
    , m_configuration(std::move(configuration))
    , m_clientId(std::move(clientId))
{
}

void TokenEndpoint::exchangeCode(const QByteArray &code, const QByteArray &verifier, const QUrl &redirectUri,
    const QString &resource, QObject *context, Callback done)
{
    QUrlQuery form;
    form.addQueryItem(u"grant_type"_s, u"authorization_code"_s);
    form.addQueryItem(u"code"_s, QString::fromLatin1(code));
    form.addQueryItem(u"redirect_uri"_s, redirectUri.toString());
    form.addQueryItem(u"client_id"_s, m_clientId);
    form.addQueryItem(u"code_verifier"_s, QString::fromLatin1(verifier));
    if (!resource.isEmpty())
        form.addQueryItem(u"resource"_s, resource);
    postForTokens(m_configuration.tokenEndpoint, form, context, std::move(done));
}

void TokenEndpoint::refresh(const QByteArray &refreshToken, const QString &resource, QObject *context, Callback done)
{
    QUrlQuery form;
    form.addQueryItem(u"grant_type"_s, u"refresh_token"_s);
    form.addQueryItem(u"refresh_token"_s, QString::fromLatin1(refreshToken));
    form.addQueryItem(u"client_id"_s, m_clientId);
    if (!resource.isEmpty())
        form.addQueryItem(u"resource"_s, resource);
    postForTokens(m_configuration.tokenEndpoint, form, context, std::move(done));
}

void TokenEndpoint::pollDeviceCode(
    const QByteArray &deviceCode, const QString &resource, QObject *context, Callback done)
{
    QUrlQuery form;
    form.addQueryItem(u"grant_type"_s, u"urn:ietf:params:oauth:grant-type:device_code"_s);
    form.addQueryItem(u"device_code"_s, QString::fromLatin1(deviceCode));
    form.addQueryItem(u"client_id"_s, m_clientId);
    if (!resource.isEmpty())
        form.addQueryItem(u"resource"_s, resource);
    postForTokens(m_configuration.tokenEndpoint, form, context, std::move(done));
}

void TokenEndpoint::revoke(const QByteArray &token, const QByteArray &hint, QObject *context, Callback done)
{
    if (m_configuration.revocationEndpoint.isEmpty()) {
        TokenResponse response;
        response.error = u"unsupported"_s;
        response.message = tr("The sign-in service offers no way to revoke a sign-in.");
        done(response);
        return;
    }
    QUrlQuery form;
    form.addQueryItem(u"token"_s, QString::fromLatin1(token));
    form.addQueryItem(u"token_type_hint"_s, QString::fromLatin1(hint));
    form.addQueryItem(u"client_id"_s, m_clientId);
    postForTokens(m_configuration.revocationEndpoint, form, context, std::move(done));
}

void TokenEndpoint::post(const QUrl &url, const QUrlQuery &form, QObject *context,
    std::function<void(int status, const QByteArray &body, bool refused)> done)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/x-www-form-urlencoded"_s);
    request.setRawHeader("Accept", "application/json");
    // QUrlQuery leaves some reserved characters alone; a form body must encode them.
    QByteArray body;
    for (const auto &[key, value] : form.queryItems(QUrl::FullyDecoded)) {
        if (!body.isEmpty())
            body += '&';
        body += formValue(key) + '=' + formValue(value);
    }
    QNetworkReply *reply = m_network.post(request, body);
    QPointer<QObject> guard(context);
    QObject::connect(reply, &QNetworkReply::finished, reply, [reply, guard, done = std::move(done)] {
        reply->deleteLater();
        if (!guard)
            return;
        const bool refused = net::NetworkAccessManager::refusal(reply) != net::Refusal::None;
        const int status = refused ? 0 : reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        done(status, status ? reply->read(maxBody) : QByteArray(), refused);
    });
}

void TokenEndpoint::postForTokens(const QUrl &url, const QUrlQuery &form, QObject *context, Callback done)
{
    post(url, form, context, [done = std::move(done)](int status, const QByteArray &body, bool refused) {
        if (status == 0) {
            TokenResponse response;
            response.transient = !refused;
            response.message = refused
                ? tr("This app's network settings do not allow reaching the sign-in service.")
                : tr("The sign-in service can't be reached right now. Check your network connection.");
            done(response);
            return;
        }
        done(parse(status, body));
    });
}

void TokenEndpoint::authorizeDevice(const QStringList &scopes, const QString &resource, QObject *context,
    std::function<void(const DeviceAuthorization &)> done)
{
    DeviceAuthorization failure;
    if (m_configuration.deviceAuthorizationEndpoint.isEmpty()) {
        failure.message = tr("The sign-in service does not offer sign-in with a code on another device.");
        done(failure);
        return;
    }
    QUrlQuery form;
    form.addQueryItem(u"client_id"_s, m_clientId);
    form.addQueryItem(u"scope"_s, scopes.join(u' '));
    if (!resource.isEmpty())
        form.addQueryItem(u"resource"_s, resource);
    post(m_configuration.deviceAuthorizationEndpoint, form, context,
        [done = std::move(done)](int status, const QByteArray &body, bool) {
            DeviceAuthorization authorization;
            const QJsonObject object = QJsonDocument::fromJson(body).object();
            authorization.deviceCode = object.value(u"device_code"_s).toString().toLatin1();
            authorization.userCode = object.value(u"user_code"_s).toString();
            authorization.verificationUri = QUrl(object.value(u"verification_uri"_s).toString(), QUrl::StrictMode);
            authorization.verificationUriComplete
                = QUrl(object.value(u"verification_uri_complete"_s).toString(), QUrl::StrictMode);
            if (const qint64 seconds = object.value(u"expires_in"_s).toInteger(); seconds > 0)
                authorization.expiresIn = std::chrono::seconds(seconds);
            if (const qint64 seconds = object.value(u"interval"_s).toInteger(); seconds > 0)
                authorization.interval = std::chrono::seconds(seconds);
            const bool secure = authorization.verificationUri.scheme() == u"https"_s;
            if (status != 200 || authorization.deviceCode.isEmpty() || authorization.userCode.isEmpty() || !secure) {
                authorization.message = status == 0
                    ? tr("The sign-in service can't be reached right now. Check your network connection.")
                    : tr("The sign-in service did not start a sign-in with a code (HTTP %1).").arg(status);
                done(authorization);
                return;
            }
            authorization.ok = true;
            done(authorization);
        });
}

TokenResponse TokenEndpoint::parse(int httpStatus, const QByteArray &body)
{
    TokenResponse response;
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    if (httpStatus >= 200 && httpStatus < 300) {
        response.accessToken = object.value(u"access_token"_s).toString().toLatin1();
        response.refreshToken = object.value(u"refresh_token"_s).toString().toLatin1();
        response.idToken = object.value(u"id_token"_s).toString().toLatin1();
        response.scope = object.value(u"scope"_s).toString();
        response.expiresIn = std::chrono::seconds(object.value(u"expires_in"_s).toInteger(0));
        const QString type = object.value(u"token_type"_s).toString();
        // Revocation answers 200 with an empty body; a token answer must carry a bearer token.
        if (!response.accessToken.isEmpty() && type.compare(u"Bearer"_s, Qt::CaseInsensitive) != 0) {
            response.message = tr("The sign-in service issued a token of a kind this app cannot use.");
            return response;
        }
        response.ok = true;
        return response;
    }
    response.error = object.value(u"error"_s).toString();
    response.transient = httpStatus >= 500 || httpStatus == 429;
    if (response.error == u"invalid_grant"_s) {
        response.message = tr("Your sign-in has expired or was ended. Sign in again.");
    } else if (response.error == u"access_denied"_s) {
        response.message = tr("The sign-in was declined.");
    } else if (response.error == u"expired_token"_s) {
        response.message = tr("The sign-in code expired before it was used. Start the sign-in again.");
    } else if (response.transient) {
        response.message = tr("The sign-in service has a problem (HTTP %1). Try again in a moment.").arg(httpStatus);
    } else {
        QString description = object.value(u"error_description"_s).toString().left(200);
        markdown::TextSanitizer::sanitize(description);
        response.message = description.isEmpty()
            ? tr("The sign-in service refused the request (%1).")
                  .arg(response.error.isEmpty() ? QString::number(httpStatus) : response.error.left(64))
            : tr("The sign-in service refused the request: %1").arg(description);
    }
    return response;
}

} // namespace streamcanvas::auth
