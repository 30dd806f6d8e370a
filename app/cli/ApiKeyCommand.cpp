#include "ApiKeyCommand.h"

#include "CommandStreams.h"
#include "gateway/ApiKeyAuthentication.h"
#include "gateway/GatewayClient.h"
#include "net/Origin.h"
#include "secrets/SecretStore.h"

#include <QCommandLineParser>
#include <QEventLoop>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace streamcanvas::cli {

ApiKeyCommand::ApiKeyCommand(secrets::SecretStore &secrets)
    : m_secrets(secrets)
{
}

QString ApiKeyCommand::name() const
{
    return u"api-key"_s;
}

QString ApiKeyCommand::description() const
{
    return tr("Store (\"set\", read from standard input) or remove a gateway's API key in the keychain.");
}

int ApiKeyCommand::run(const QStringList &arguments, CommandStreams &streams)
{
    const QString program = arguments.value(0, name());
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption gatewayOption(u"gateway"_s, tr("The gateway's address."), u"url"_s);
    parser.addOption(gatewayOption);
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
    if (!parser.isSet(gatewayOption))
        return streams.usageError(program, tr("no gateway given: pass --gateway URL."));
    QString urlError;
    const auto url = gateway::GatewayClient::parseBaseUrl(parser.value(gatewayOption), &urlError);
    if (!url)
        return streams.usageError(program, tr("invalid --gateway: %1").arg(urlError));
    const QString key = gateway::ApiKeyAuthentication::secretKeyFor(net::Origin::of(*url));

    QByteArray value;
    if (actions.first() == u"set"_s) {
        value = streams.input().readLine().trimmed();
        if (value.isEmpty())
            return streams.usageError(program, tr("no API key on standard input."));
        if (std::any_of(value.begin(), value.end(), [](char c) { return uchar(c) <= 0x20 || uchar(c) >= 0x7f; }))
            return streams.usageError(program, tr("the API key contains spaces or control characters."));
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
