#include "GatewayOptions.h"

#include "gateway/GatewayClient.h"
#include "net/Origin.h"

#include <QCommandLineParser>
#include <QFile>

using namespace Qt::StringLiterals;

namespace streamcanvas::cli {

GatewayOptions::GatewayOptions()
    : m_gatewayOption(u"gateway"_s, tr("The gateway's address, e.g. https://ai.example.com."), u"url"_s)
    , m_authOption(u"auth"_s,
          tr("How to authenticate: \"oidc\" (the account signed in with \"login\"), \"api-key\" (the key "
             "stored with \"api-key set\") or \"none\". Default: oidc when --issuer is given, else api-key."),
          u"oidc|api-key|none"_s)
    , m_caFileOption(u"ca-file"_s,
          tr("Also trust the CA certificates in this PEM file (added to the system's, never replacing them)."),
          u"file"_s)
    , m_proxyOption(u"proxy"_s,
          tr("\"system\" (default), \"none\", or a proxy address http://[user@]host:port (the user's password "
             "comes from the keychain: see \"proxy-password\")."),
          u"proxy"_s, u"system"_s)
    , m_issuerOption(u"issuer"_s, tr("The company's identity provider (OpenID Connect issuer), for sign-in."), u"url"_s)
    , m_clientIdOption(u"client-id"_s,
          tr("This app's client id at the identity provider (default: %1).").arg(u"streamcanvas-desktop"_s), u"id"_s,
          u"streamcanvas-desktop"_s)
{
}

void GatewayOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOption(m_gatewayOption);
    parser.addOption(m_authOption);
    parser.addOption(m_caFileOption);
    parser.addOption(m_proxyOption);
    parser.addOption(m_issuerOption);
    parser.addOption(m_clientIdOption);
}

QString GatewayOptions::gatewayOrigin() const
{
    return net::Origin::of(m_gatewayUrl);
}

bool GatewayOptions::read(const QCommandLineParser &parser, QString *error)
{
    if (!parser.isSet(m_gatewayOption)) {
        *error = tr("no gateway given: pass --gateway URL.");
        return false;
    }
    QString urlError;
    const auto url = gateway::GatewayClient::parseBaseUrl(parser.value(m_gatewayOption), &urlError);
    if (!url) {
        *error = tr("invalid --gateway: %1").arg(urlError);
        return false;
    }
    m_gatewayUrl = *url;

    m_issuer = parser.value(m_issuerOption);
    m_clientId = parser.value(m_clientIdOption);
    const QString auth = parser.isSet(m_authOption) ? parser.value(m_authOption)
        : m_issuer.isEmpty()                        ? u"api-key"_s
                                                    : u"oidc"_s;
    if (auth == u"none"_s) {
        m_auth = Auth::None;
    } else if (auth == u"api-key"_s) {
        m_auth = Auth::ApiKey;
    } else if (auth == u"oidc"_s) {
        m_auth = Auth::Oidc;
    } else {
        *error = tr("unknown --auth '%1': expected 'oidc', 'api-key' or 'none'.").arg(auth);
        return false;
    }
    if (!m_issuer.isEmpty() || m_auth == Auth::Oidc) {
        QString issuerError;
        const auto issuer = gateway::GatewayClient::parseBaseUrl(m_issuer, &issuerError);
        if (m_issuer.isEmpty() || !issuer) {
            *error = m_issuer.isEmpty() ? tr("sign-in needs the identity provider: pass --issuer URL.")
                                        : tr("invalid --issuer: %1").arg(issuerError);
            return false;
        }
    }

    m_network = {};
    m_network.allowedOrigins = {m_gatewayUrl};
    if (!m_issuer.isEmpty())
        m_network.allowedOrigins.append(QUrl(m_issuer));

    if (parser.isSet(m_caFileOption)) {
        QFile file(parser.value(m_caFileOption));
        if (!file.open(QIODevice::ReadOnly)) {
            *error = tr("cannot read --ca-file '%1': %2.").arg(file.fileName(), file.errorString());
            return false;
        }
        m_network.extraCaCertificatesPem = file.readAll();
    }

    QString proxyError;
    const auto proxy = parseProxy(parser.value(m_proxyOption), &proxyError);
    if (!proxy) {
        *error = proxyError;
        return false;
    }
    m_network.proxy = *proxy;
    return true;
}

} // namespace streamcanvas::cli

namespace streamcanvas::cli {

std::optional<net::ProxySettings> GatewayOptions::parseProxy(const QString &text, QString *error)
{
    net::ProxySettings proxy;
    if (text == u"system"_s) {
        proxy.mode = net::ProxyMode::System;
        return proxy;
    }
    if (text == u"none"_s) {
        proxy.mode = net::ProxyMode::None;
        return proxy;
    }
    const QUrl url(text, QUrl::StrictMode);
    if (!url.password().isEmpty()) {
        *error = tr("invalid --proxy: do not put a password in the address; store it with "
                    "\"streamcanvas-cli proxy-password set\".");
        return std::nullopt;
    }
    if (url.scheme() != u"http"_s || url.host().isEmpty() || url.port() <= 0 || url.path().size() > 1
        || url.hasQuery()) {
        *error = tr("invalid --proxy '%1': expected 'system', 'none' or http://[user@]host:port.").arg(text);
        return std::nullopt;
    }
    proxy.mode = net::ProxyMode::Fixed;
    proxy.user = url.userName();
    proxy.url = url.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath);
    return proxy;
}

QString GatewayOptions::proxySecretKey(const net::ProxySettings &proxy)
{
    return u"proxy:%1:%2:%3"_s.arg(proxy.url.host()).arg(proxy.url.port()).arg(proxy.user);
}

} // namespace streamcanvas::cli
