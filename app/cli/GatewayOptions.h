#pragma once

#include "net/NetworkSettings.h"

#include <QCommandLineOption>
#include <QCoreApplication>
#include <QUrl>

#include <optional>

class QCommandLineParser;

namespace streamcanvas::cli {

// The connection options the gateway commands share: where the gateway is, how to
// authenticate, which extra CA certificates to trust and which proxy to use.
class GatewayOptions
{
    Q_DECLARE_TR_FUNCTIONS(GatewayOptions)

public:
    enum class Auth { None, ApiKey, Oidc };

    GatewayOptions();

    void addTo(QCommandLineParser &parser) const;
    // Reads and checks the options; on a bad value returns false and sets *error (a
    // usage error, naming the option).
    bool read(const QCommandLineParser &parser, QString *error);

    // "system", "none" or http://[user@]host:port (a password never goes on the command
    // line: it comes from the keychain). nullopt with a usage *error otherwise.
    static std::optional<net::ProxySettings> parseProxy(const QString &text, QString *error);
    // The keychain entry holding the password of a fixed proxy's user.
    static QString proxySecretKey(const net::ProxySettings &proxy);

    QUrl gatewayUrl() const { return m_gatewayUrl; }
    QString gatewayOrigin() const;
    Auth auth() const { return m_auth; }
    // For Auth::Oidc: the identity provider and this app's client id there.
    QString issuer() const { return m_issuer; }
    QString clientId() const { return m_clientId; }
    net::NetworkSettings networkSettings() const { return m_network; }

private:
    QCommandLineOption m_gatewayOption;
    QCommandLineOption m_authOption;
    QCommandLineOption m_caFileOption;
    QCommandLineOption m_proxyOption;
    QCommandLineOption m_issuerOption;
    QCommandLineOption m_clientIdOption;

    QUrl m_gatewayUrl;
    Auth m_auth = Auth::ApiKey;
    QString m_issuer;
    QString m_clientId;
    net::NetworkSettings m_network;
};

} // namespace streamcanvas::cli
