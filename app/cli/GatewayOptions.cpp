#include "GatewayOptions.h"

#include "Command.h"
#include "CommandStreams.h"
#include "PolicyContext.h"
#include "gateway/GatewayClient.h"
#include "net/Origin.h"
#include "policy/PolicyValidator.h"
#include "policy/ResolvedPolicy.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace streamcanvas::cli {

namespace {

QString optionOrigin(const QString &option)
{
    return u"command line (--%1)"_s.arg(option);
}

} // namespace

GatewayOptions::GatewayOptions(PolicyContext &policy)
    : m_context(policy)
    , m_gatewayOption(u"gateway"_s, tr("The gateway's address, e.g. https://ai.example.com."), u"url"_s)
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
          u"proxy"_s)
    , m_issuerOption(u"issuer"_s, tr("The company's identity provider (OpenID Connect issuer), for sign-in."), u"url"_s)
    , m_clientIdOption(u"client-id"_s,
          tr("This app's client id at the identity provider (default: %1).").arg(u"streamcanvas-desktop"_s), u"id"_s)
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

QList<policy::UserValue> GatewayOptions::commandLineValues(const QCommandLineParser &parser, QString *error) const
{
    QList<policy::UserValue> values;
    const auto add = [&](const QCommandLineOption &option, const QString &policyName, const QJsonValue &value) {
        values.append({policyName, value, optionOrigin(option.names().constFirst())});
    };
    if (parser.isSet(m_gatewayOption))
        add(m_gatewayOption, u"GatewayUrl"_s, parser.value(m_gatewayOption));
    if (parser.isSet(m_authOption))
        add(m_authOption, u"AuthMode"_s, parser.value(m_authOption));
    if (parser.isSet(m_issuerOption))
        add(m_issuerOption, u"OidcIssuer"_s, parser.value(m_issuerOption));
    if (parser.isSet(m_clientIdOption))
        add(m_clientIdOption, u"OidcClientId"_s, parser.value(m_clientIdOption));
    if (parser.isSet(m_caFileOption)) {
        QFile file(parser.value(m_caFileOption));
        if (!file.open(QIODevice::ReadOnly)) {
            *error = tr("cannot read --ca-file '%1': %2.").arg(file.fileName(), file.errorString());
            return {};
        }
        add(m_caFileOption, u"ExtraCaCertificates"_s, QString::fromUtf8(file.readAll()));
    }
    if (parser.isSet(m_proxyOption)) {
        const QString proxy = parser.value(m_proxyOption);
        if (proxy == u"system"_s || proxy == u"none"_s) {
            add(m_proxyOption, u"ProxyMode"_s, proxy == u"none"_s ? u"direct"_s : proxy);
        } else {
            add(m_proxyOption, u"ProxyMode"_s, u"fixed"_s);
            add(m_proxyOption, u"ProxyServer"_s, proxy);
        }
    }
    return values;
}

// An option that policy overrides with a different value, or that is itself invalid.
QString GatewayOptions::lockedOptionError(
    const policy::ResolvedPolicy &resolved, const QList<policy::UserValue> &given) const
{
    for (const policy::UserValue &value : given) {
        const auto key = policy::policyKeyByName(value.name);
        const policy::PolicyEntry &entry = resolved.entry(*key);
        for (const policy::PolicyCandidate &candidate : entry.candidates) {
            if (candidate.origin != value.origin)
                continue;
            const QString option = value.origin.section(u"--"_s, 1).chopped(1);
            switch (candidate.status) {
            case policy::PolicyCandidate::Status::Applied:
                break;
            case policy::PolicyCandidate::Status::Invalid:
                return tr("invalid --%1: %2.").arg(option, candidate.message);
            case policy::PolicyCandidate::Status::Ignored:
            case policy::PolicyCandidate::Status::Superseded:
                if (candidate.status == policy::PolicyCandidate::Status::Superseded && entry.value == candidate.value)
                    break; // the same value policy sets: harmless
                return tr("--%1 cannot be used: %2 is set by your organization's policy (%3). Remove the option.")
                    .arg(option, value.name, entry.origin.isEmpty() ? candidate.message : entry.origin);
            }
        }
    }
    return {};
}

int GatewayOptions::read(const QCommandLineParser &parser, CommandStreams &streams, const QString &program)
{
    QString error;
    const QList<policy::UserValue> given = commandLineValues(parser, &error);
    if (!error.isEmpty())
        return streams.usageError(program, error);
    if (!m_context.settingsError().isEmpty()) {
        streams.printError(program + u": " + m_context.settingsError() + u'\n');
        return ExitUsage;
    }
    const policy::ResolvedPolicy &resolved = m_context.resolve(given);
    // Broken policy first: no option can make up for it.
    if (!resolved.chatAllowed()) {
        for (const policy::PolicyMessage &message : resolved.blockingErrors())
            streams.printError(program + u": " + message.display() + u'\n');
        streams.printError(program + u": " + tr("Ask your IT department to correct the policy.") + u'\n');
        return ExitSignIn;
    }
    error = lockedOptionError(resolved, given);
    if (!error.isEmpty())
        return streams.usageError(program, error);
    const int code = apply(resolved, &error);
    if (code == ExitUsage)
        return streams.usageError(program, error);
    if (code != ExitSuccess)
        streams.printError(program + u": " + error + u'\n');
    return code;
}

int GatewayOptions::apply(const policy::ResolvedPolicy &resolved, QString *error)
{
    const policy::EffectivePolicy &effective = resolved.effective();
    m_policy = effective;
    // What is still wrong is the user's to fix, or the admin's when policy set the value.
    const auto fail = [&](policy::PolicyKey key, const QString &message) {
        *error = message;
        const policy::ValueSource source = resolved.entry(key).source;
        const bool user = source == policy::ValueSource::UserSetting || source == policy::ValueSource::Default;
        return user ? int(ExitUsage) : int(ExitSignIn);
    };

    if (effective.gatewayUrl().isEmpty()) {
        *error = tr("no gateway given: pass --gateway URL, or import the connection your company publishes with "
                    "\"streamcanvas-cli connection import FILE\".");
        return ExitUsage;
    }
    QString urlError;
    const auto url = gateway::GatewayClient::parseBaseUrl(effective.gatewayUrl().toString(), &urlError);
    if (!url)
        return fail(policy::PolicyKey::GatewayUrl, tr("invalid gateway: %1").arg(urlError));
    m_gatewayUrl = *url;

    m_signIn = {};
    m_signIn.issuer = effective.oidcIssuer().toString();
    m_signIn.clientId = effective.oidcClientId();
    m_signIn.scopes = effective.oidcScopes();
    if (!m_signIn.scopes.contains(u"openid"_s))
        m_signIn.scopes.prepend(u"openid"_s);
    m_signIn.resource
        = effective.oidcResource().isEmpty() ? net::Origin::of(m_gatewayUrl) : effective.oidcResource().toString();
    if (const auto mode = effective.authMode()) {
        m_auth = *mode == policy::AuthMode::Oidc ? Auth::Oidc
            : *mode == policy::AuthMode::ApiKey  ? Auth::ApiKey
                                                 : Auth::None;
    } else {
        m_auth = m_signIn.issuer.isEmpty() ? Auth::ApiKey : Auth::Oidc;
    }
    if (m_auth == Auth::Oidc && m_signIn.issuer.isEmpty())
        return fail(policy::PolicyKey::AuthMode, tr("sign-in needs the identity provider: pass --issuer URL."));

    m_network = {};
    m_network.allowedOrigins = {m_gatewayUrl};
    if (!m_signIn.issuer.isEmpty())
        m_network.allowedOrigins.append(QUrl(m_signIn.issuer));
    for (const QString &origin : effective.additionalAllowedHosts())
        m_network.allowedOrigins.append(QUrl(origin));
    m_network.extraCaCertificatesPem = effective.extraCaCertificates().toUtf8();
    const QJsonObject pins = effective.pinnedPublicKeys();
    for (auto it = pins.begin(); it != pins.end(); ++it) {
        QList<QByteArray> hashes;
        for (const QJsonValue &hash : it.value().toArray())
            hashes.append(hash.toString().toLatin1());
        m_network.pinnedPublicKeys.insert(it.key(), hashes);
    }
    const QJsonObject timeouts = effective.requestTimeouts();
    m_network.timeouts.connect = std::chrono::seconds(timeouts.value(u"connectSeconds"_s).toInt(15));
    m_network.timeouts.firstByte = std::chrono::seconds(timeouts.value(u"firstByteSeconds"_s).toInt(60));
    m_network.timeouts.idle = std::chrono::seconds(timeouts.value(u"idleSeconds"_s).toInt(120));

    switch (effective.proxyMode()) {
    case policy::ProxyMode::System:
        m_network.proxy.mode = net::ProxyMode::System;
        break;
    case policy::ProxyMode::Direct:
        m_network.proxy.mode = net::ProxyMode::None;
        break;
    case policy::ProxyMode::Fixed: {
        if (effective.proxyServer().isEmpty())
            return fail(policy::PolicyKey::ProxyMode,
                tr("the proxy mode is \"fixed\" but no proxy server is set (ProxyServer)."));
        QString proxyError;
        const auto proxy = parseProxy(effective.proxyServer(), &proxyError);
        if (!proxy)
            return fail(policy::PolicyKey::ProxyServer, proxyError);
        m_network.proxy = *proxy;
        break;
    }
    }
    return ExitSuccess;
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
    QString proxyError;
    const auto url = policy::PolicyValidator::parseProxyServer(text, &proxyError);
    if (!url) {
        *error = tr("invalid --proxy '%1': %2 (or 'system', 'none').").arg(text, proxyError);
        return std::nullopt;
    }
    proxy.mode = net::ProxyMode::Fixed;
    proxy.user = url->userName();
    proxy.url = url->adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath);
    return proxy;
}

QString GatewayOptions::proxySecretKey(const net::ProxySettings &proxy)
{
    return u"proxy:%1:%2:%3"_s.arg(proxy.url.host()).arg(proxy.url.port()).arg(proxy.user);
}

} // namespace streamcanvas::cli
