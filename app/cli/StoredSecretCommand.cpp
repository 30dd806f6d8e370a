#include "StoredSecretCommand.h"

#include "CommandStreams.h"
#include "GatewayOptions.h"
#include "PolicyContext.h"
#include "gateway/ApiKeyAuthentication.h"
#include "gateway/GatewayClient.h"
#include "net/Origin.h"
#include "policy/ResolvedPolicy.h"
#include "secrets/SecretStore.h"

#include <QCommandLineParser>
#include <QEventLoop>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace streamcanvas::cli {

StoredSecretCommand::StoredSecretCommand(Kind kind, secrets::SecretStore &secrets, PolicyContext &policy)
    : m_kind(kind)
    , m_secrets(secrets)
    , m_policy(policy)
{
}

QString StoredSecretCommand::name() const
{
    return m_kind == Kind::ApiKey ? u"api-key"_s : u"proxy-password"_s;
}

QString StoredSecretCommand::description() const
{
    return m_kind == Kind::ApiKey
        ? tr("Store (\"set\", read from standard input) or remove a gateway's API key in the keychain.")
        : tr("Store (\"set\", read from standard input) or remove a proxy user's password in the keychain.");
}

int StoredSecretCommand::run(const QStringList &arguments, CommandStreams &streams)
{
    const QString program = arguments.value(0, name());
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption gatewayOption(u"gateway"_s,
        tr("The gateway's address (default: the gateway in use, from policy or your connection)."), u"url"_s);
    const QCommandLineOption proxyOption(u"proxy"_s, tr("The proxy, with its user: http://user@host:port."), u"url"_s);
    const QCommandLineOption &target = m_kind == Kind::ApiKey ? gatewayOption : proxyOption;
    parser.addOption(target);
    parser.addPositionalArgument(u"action"_s, tr("\"set\" or \"remove\"."), u"set|remove"_s);
    if (!parser.parse(arguments))
        return streams.usageError(program, parser.errorText());
    if (parser.isSet(help)) {
        streams.printHelp(parser.helpText(), program);
        return ExitSuccess;
    }
    const QStringList actions = parser.positionalArguments();
    if (actions.size() != 1 || (actions.first() != u"set"_s && actions.first() != u"remove"_s))
        return streams.usageError(program, tr("expected one action: set or remove."));
    // The key of the gateway in use (set by policy or the user's connection) unless named.
    const QUrl configuredGateway = m_kind == Kind::ApiKey ? m_policy.resolve().effective().gatewayUrl() : QUrl();
    if (!parser.isSet(target) && configuredGateway.isEmpty())
        return streams.usageError(program, tr("no --%1 given.").arg(target.names().first()));

    QString key;
    if (m_kind == Kind::ApiKey) {
        QString urlError;
        const QString gatewayText
            = parser.isSet(gatewayOption) ? parser.value(gatewayOption) : configuredGateway.toString();
        const auto url = gateway::GatewayClient::parseBaseUrl(gatewayText, &urlError);
        if (!url)
            return streams.usageError(program, tr("invalid --gateway: %1").arg(urlError));
        key = gateway::ApiKeyAuthentication::secretKeyFor(net::Origin::of(*url));
    } else {
        QString proxyError;
        const auto proxy = GatewayOptions::parseProxy(parser.value(proxyOption), &proxyError);
        if (!proxy || proxy->user.isEmpty())
            return streams.usageError(
                program, proxy ? tr("invalid --proxy: name the user, as in http://user@host:port.") : proxyError);
        key = GatewayOptions::proxySecretKey(*proxy);
    }

    QByteArray value;
    if (actions.first() == u"set"_s) {
        value = streams.input().readLine();
        while (value.endsWith('\n') || value.endsWith('\r'))
            value.chop(1);
        if (m_kind == Kind::ApiKey)
            value = value.trimmed();
        if (value.isEmpty())
            return streams.usageError(program, tr("nothing to store on standard input."));
        // An API key has no spaces; a password may, but no control characters either way.
        const bool spacesAllowed = m_kind == Kind::ProxyPassword;
        if (std::any_of(value.begin(), value.end(), [spacesAllowed](char c) {
                return uchar(c) < 0x20 || uchar(c) == 0x7f || (!spacesAllowed && c == ' ');
            }))
            return streams.usageError(program, tr("the value contains characters it cannot have."));
    }

    QEventLoop loop;
    int code = ExitSuccess;
    const auto done = [&](const secrets::SecretResult &result) {
        if (result.error != secrets::SecretError::None) {
            streams.printError(program + u": " + result.message + u'\n');
            code = ExitFailure;
        }
        loop.quit();
    };
    if (actions.first() == u"set"_s)
        m_secrets.write(key, value, &loop, done);
    else
        m_secrets.remove(key, &loop, done);
    loop.exec();
    return code;
}

} // namespace streamcanvas::cli
