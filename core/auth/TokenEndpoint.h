#pragma once

#include "auth/OidcConfiguration.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QUrlQuery>

#include <chrono>
#include <functional>

class QObject;

namespace streamcanvas::net {
class NetworkAccessManager;
}

namespace streamcanvas::auth {

// What a token endpoint answered (RFC 6749 §5.1), or why not.
struct TokenResponse {
    bool ok = false;
    QByteArray accessToken;
    std::chrono::seconds expiresIn{0}; // 0: not said
    QByteArray refreshToken;           // empty: none issued (keep the old one only if rotation is off)
    QByteArray idToken;
    QString scope;

    // When !ok: the OAuth error code ("invalid_grant", "authorization_pending", ...; empty
    // for a network or protocol failure), a user-facing message, and whether trying again
    // later may help (the network, a 5xx) as opposed to "sign in again".
    QString error;
    QString message;
    bool transient = false;
};

// A device authorization (RFC 8628 §3.2): what the user types where.
struct DeviceAuthorization {
    bool ok = false;
    QByteArray deviceCode;
    QString userCode;
    QUrl verificationUri;
    QUrl verificationUriComplete; // may be empty
    std::chrono::seconds expiresIn{600};
    std::chrono::seconds interval{5};
    QString message; // when !ok
};

// The provider's token, device-authorization and revocation endpoints for one public
// client. Every request goes through the app's network setup; secrets travel only in
// POST bodies, never in URLs.
class TokenEndpoint
{
    Q_DECLARE_TR_FUNCTIONS(TokenEndpoint)

public:
    using Callback = std::function<void(const TokenResponse &)>;

    TokenEndpoint(net::NetworkAccessManager &network, OidcConfiguration configuration, QString clientId);

    const OidcConfiguration &configuration() const { return m_configuration; }
    QString clientId() const { return m_clientId; }

    void exchangeCode(const QByteArray &code, const QByteArray &verifier, const QUrl &redirectUri,
        const QString &resource, QObject *context, Callback done);
    void refresh(const QByteArray &refreshToken, const QString &resource, QObject *context, Callback done);
    void authorizeDevice(const QStringList &scopes, const QString &resource, QObject *context,
        std::function<void(const DeviceAuthorization &)> done);
    void pollDeviceCode(const QByteArray &deviceCode, const QString &resource, QObject *context, Callback done);
    // RFC 7009. `done` gets ok when the provider accepted (or there is no endpoint: ok=false,
    // error "unsupported").
    void revoke(const QByteArray &token, const QByteArray &hint, QObject *context, Callback done);

    // Parses a token endpoint answer (exposed for tests).
    static TokenResponse parse(int httpStatus, const QByteArray &body);

private:
    void post(const QUrl &url, const QUrlQuery &form, QObject *context,
        std::function<void(int status, const QByteArray &body, bool refused)> done);
    void postForTokens(const QUrl &url, const QUrlQuery &form, QObject *context, Callback done);

    net::NetworkAccessManager &m_network;
    OidcConfiguration m_configuration;
    QString m_clientId;
};

} // namespace streamcanvas::auth
