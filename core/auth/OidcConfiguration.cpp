#include "OidcConfiguration.h"

#include "policy/PolicyValidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace streamcanvas::auth {

namespace {

bool acceptableEndpoint(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty() || url.hasFragment() || !url.userInfo().isEmpty())
        return false;
    return url.scheme() == u"https"_s
        || (url.scheme() == u"http"_s && policy::PolicyValidator::isThisComputer(url.host()));
}

} // namespace

QUrl OidcConfiguration::discoveryUrl(const QString &issuer)
{
    QString base = issuer;
    while (base.endsWith(u'/'))
        base.chop(1);
    return QUrl(base + u"/.well-known/openid-configuration"_s, QUrl::StrictMode);
}

std::optional<OidcConfiguration> OidcConfiguration::parse(
    const QByteArray &json, const QString &expectedIssuer, QString *error)
{
    QJsonParseError parseError;
    const QJsonObject document = QJsonDocument::fromJson(json, &parseError).object();
    if (parseError.error != QJsonParseError::NoError || document.isEmpty()) {
        *error = tr("The sign-in service's configuration could not be read (it is not a discovery document).");
        return std::nullopt;
    }

    OidcConfiguration configuration;
    configuration.issuer = document.value(u"issuer"_s).toString();
    // Exactly, character for character (OIDC Discovery §4.3): a provider that names another
    // issuer could hand out tokens that pass for this one's.
    if (configuration.issuer != expectedIssuer) {
        *error = tr("The sign-in service names a different issuer than the one configured. Ask your IT department "
                    "to check the sign-in settings.");
        return std::nullopt;
    }

    const auto endpoint = [&](const QString &key, bool required, QUrl *target) {
        const QJsonValue value = document.value(key);
        if (value.isUndefined() || value.isNull()) {
            if (required)
                *error = tr("The sign-in service's configuration lacks \u201c%1\u201d.").arg(key);
            return !required;
        }
        const QUrl url(value.toString(), QUrl::StrictMode);
        if (!acceptableEndpoint(url)) {
            *error = tr("The sign-in service's \u201c%1\u201d is not a secure address.").arg(key);
            return false;
        }
        *target = url;
        return true;
    };
    if (!endpoint(u"authorization_endpoint"_s, true, &configuration.authorizationEndpoint)
        || !endpoint(u"token_endpoint"_s, true, &configuration.tokenEndpoint)
        || !endpoint(u"jwks_uri"_s, true, &configuration.jwksUri)
        || !endpoint(u"device_authorization_endpoint"_s, false, &configuration.deviceAuthorizationEndpoint)
        || !endpoint(u"revocation_endpoint"_s, false, &configuration.revocationEndpoint)
        || !endpoint(u"end_session_endpoint"_s, false, &configuration.endSessionEndpoint))
        return std::nullopt;

    const QJsonValue methods = document.value(u"code_challenge_methods_supported"_s);
    if (methods.isArray() && !methods.toArray().contains(u"S256"_s)) {
        *error = tr("The sign-in service does not offer PKCE with S256, which secure sign-in requires.");
        return std::nullopt;
    }
    configuration.issParameterSupported = document.value(u"authorization_response_iss_parameter_supported"_s).toBool();
    for (const QJsonValue &scope : document.value(u"scopes_supported"_s).toArray())
        configuration.scopesSupported.append(scope.toString());
    return configuration;
}

} // namespace streamcanvas::auth
