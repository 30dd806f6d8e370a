#pragma once

#include "auth/SignInSettings.h"
#include "net/NetworkSettings.h"
#include "policy/EffectivePolicy.h"
#include "policy/PolicyResolver.h"

#include <QCommandLineOption>
#include <QCoreApplication>
#include <QUrl>

#include <optional>

class QCommandLineParser;

namespace streamcanvas::cli {

class CommandStreams;
class PolicyContext;

// The connection options the gateway commands share: where the gateway is, how to
// authenticate, which extra CA certificates to trust and which proxy to use. They are the
// user's own values for this run: managed policy comes first, and an option that tries to
// change what policy has locked is an error rather than silently ignored.
class GatewayOptions
{
    Q_DECLARE_TR_FUNCTIONS(GatewayOptions)

public:
    enum class Auth { None, ApiKey, Oidc };

    explicit GatewayOptions(PolicyContext &policy);

    void addTo(QCommandLineParser &parser) const;
    // Resolves the options with policy and the user's settings. Returns ExitSuccess, or
    // prints why not and returns ExitUsage (a bad option) or ExitSignIn (policy forbids it or
    // disables chatting: an admin has to act).
    int read(const QCommandLineParser &parser, CommandStreams &streams, const QString &program);

    // "system", "none" or http://[user@]host:port (a password never goes on the command
    // line: it comes from the keychain). nullopt with a usage *error otherwise.
    static std::optional<net::ProxySettings> parseProxy(const QString &text, QString *error);
    // The keychain entry holding the password of a fixed proxy's user.
    static QString proxySecretKey(const net::ProxySettings &proxy);

    QUrl gatewayUrl() const { return m_gatewayUrl; }
    QString gatewayOrigin() const;
    Auth auth() const { return m_auth; }
    // For Auth::Oidc: the identity provider and this app's client id there.
    QString issuer() const { return m_signIn.issuer; }
    QString clientId() const { return m_signIn.clientId; }
    auth::SignInSettings signInSettings() const { return m_signIn; }
    net::NetworkSettings networkSettings() const { return m_network; }
    const policy::EffectivePolicy &policy() const { return m_policy; }

private:
    // The options given, as the user's values of the policies they set; *error on a file
    // that cannot be read.
    QList<policy::UserValue> commandLineValues(const QCommandLineParser &parser, QString *error) const;
    QString lockedOptionError(const policy::ResolvedPolicy &resolved, const QList<policy::UserValue> &given) const;
    int apply(const policy::ResolvedPolicy &resolved, QString *error);

    PolicyContext &m_context;
    QCommandLineOption m_gatewayOption;
    QCommandLineOption m_authOption;
    QCommandLineOption m_caFileOption;
    QCommandLineOption m_proxyOption;
    QCommandLineOption m_issuerOption;
    QCommandLineOption m_clientIdOption;

    QUrl m_gatewayUrl;
    Auth m_auth = Auth::ApiKey;
    auth::SignInSettings m_signIn;
    net::NetworkSettings m_network;
    policy::EffectivePolicy m_policy;
};

} // namespace streamcanvas::cli
