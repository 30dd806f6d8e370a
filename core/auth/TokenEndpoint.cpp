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
    post(m_configuration.tokenEndpoint, form, context, std::move(done));
}

void TokenEndpoint::refresh(const QByteArray &refreshToken, const QString &resource, QObject *context, Callback done)
{
    QUrlQuery form;
    form.addQueryItem(u"grant_type"_s, u"refresh_token"_s);
    form.addQueryItem(u"refresh_token"_s, QString::fromLatin1(refreshToken));
    form.addQueryItem(u"client_id"_s, m_clientId);
    if (!resource.isEmpty())
        form.addQueryItem(u"resource"_s, resource);
    post(m_configuration.tokenEndpoint, form, context, std::move(done));
}

void TokenEndpoint::pollDeviceCode(const QByteArray &deviceCode, QObject *context, Callback done)
{
    QUrlQuery form;
    form.addQueryItem(u"grant_type"_s, u"urn:ietf:params:oauth:grant-type:device_code"_s);
    form.addQueryItem(u"device_code"_s, QString::fromLatin1(deviceCode));
    form.addQueryItem(u"client_id"_s, m_clientId);
    post(m_configuration.tokenEndpoint, form, context, std::move(done));
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
    post(m_configuration.revocationEndpoint, form, context, std::move(done));
}

void TokenEndpoint::post(const QUrl &url, const QUrlQuery &form, QObject *context, Callback done)
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
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 0 || net::NetworkAccessManager::refusal(reply) != net::Refusal::None) {
            TokenResponse response;
            response.transient = net::NetworkAccessManager::refusal(reply) == net::Refusal::None;
            response.message = response.transient
                ? tr("The sign-in service can't be reached right now. Check your network connection.")
                : net::NetworkAccessManager::refusalMessage(net::NetworkAccessManager::refusal(reply));
            done(response);
            return;
        }
        done(parse(status, reply->read(maxBody)));
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
