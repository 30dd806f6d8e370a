#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace streamcanvas::auth {

// What an OpenID Provider's discovery document says, checked: the issuer is exactly the
// one configured, the endpoints are https (or http on this computer), PKCE S256 is on offer.
struct OidcConfiguration {
    Q_DECLARE_TR_FUNCTIONS(OidcConfiguration)

public:
    QString issuer;
    QUrl authorizationEndpoint;
    QUrl tokenEndpoint;
    QUrl jwksUri;
    QUrl deviceAuthorizationEndpoint;   // empty: no device flow
    QUrl revocationEndpoint;            // empty: no revocation
    QUrl endSessionEndpoint;            // empty: no end-session
    bool issParameterSupported = false; // RFC 9207
    QStringList scopesSupported;

    // Parses and checks a discovery document fetched for `expectedIssuer`. On failure
    // returns nullopt with a user-facing *error.
    static std::optional<OidcConfiguration> parse(
        const QByteArray &json, const QString &expectedIssuer, QString *error);
    // {issuer}/.well-known/openid-configuration (RFC 8414 §3 / OIDC Discovery §4).
    static QUrl discoveryUrl(const QString &issuer);
};

} // namespace streamcanvas::auth
