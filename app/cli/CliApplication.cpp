#include "CliApplication.h"

#include "AccountCommand.h"
#include "ChatCommand.h"
#include "CommandDispatcher.h"
#include "CommandStreams.h"
#include "ConnectionCommand.h"
#include "ModelsCommand.h"
#include "PolicyCommand.h"
#include "PolicyContext.h"
#include "RenderCommand.h"
#include "StoredSecretCommand.h"
#include "markdown/ParseOptions.h"
#include "net/Redactor.h"
#include "policy/LogLevelRules.h"
#include "policy/PolicySchema.h"
#include "policy/PolicyService.h"
#include "policy/UserSettings.h"
#include "secrets/KeychainSecretStore.h"

#include <QCoreApplication>
#include <QFile>
#include <QStandardPaths>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace streamcanvas::cli {

int runCli(QCoreApplication &app, const QList<policy::PolicySource *> &policySources)
{
    Q_UNUSED(app)
    QFile input;
    QFile output;
    QFile error;
    input.open(stdin, QIODevice::ReadOnly);
    output.open(stdout, QIODevice::WriteOnly);
    error.open(stderr, QIODevice::WriteOnly);
    CommandStreams streams(input, output, error);

    // Policy first: it decides where anything may connect.
    // Policy is logged showing the hosts it configures, and nothing else that looks like one.
    policy::PolicyService policyService(
        policy::PolicySchema::builtIn(), policySources, [](const QString &text, const policy::ResolvedPolicy &policy) {
            return net::Redactor(policy.configuredUrls()).redact(text);
        });
    policyService.load();
    policy::applyLogLevel(policyService.current().effective().logLevel());
    policyService.logCurrent(u"loaded"_s);

    const QString dataDirectory
        = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/streamcanvas"_s;
    policy::UserSettings settings(
        QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + u"/streamcanvas/settings.json"_s);
    PolicyContext policyContext(policyService, settings);
    if (QString settingsError; !settings.load(&settingsError))
        policyContext.setSettingsError(settingsError);

    markdown::ParseOptions parseOptions;
    // Not user-settable: policy's value as loaded.
    parseOptions.allowedLinkSchemes = policyService.current().effective().allowedLinkSchemes();

    secrets::KeychainSecretStore keychain;

    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<ChatCommand>(keychain, policyContext));
    commands.push_back(std::make_unique<AccountCommand>(AccountCommand::Kind::Login, keychain, policyContext));
    commands.push_back(std::make_unique<AccountCommand>(AccountCommand::Kind::Status, keychain, policyContext));
    commands.push_back(std::make_unique<AccountCommand>(AccountCommand::Kind::Logout, keychain, policyContext));
    commands.push_back(std::make_unique<ModelsCommand>(keychain, policyContext));
    commands.push_back(
        std::make_unique<StoredSecretCommand>(StoredSecretCommand::Kind::ApiKey, keychain, policyContext));
    commands.push_back(
        std::make_unique<StoredSecretCommand>(StoredSecretCommand::Kind::ProxyPassword, keychain, policyContext));
    commands.push_back(std::make_unique<RenderCommand>(parseOptions));
    commands.push_back(std::make_unique<ConnectionCommand>(policyContext));
    commands.push_back(std::make_unique<PolicyCommand>(policyContext, dataDirectory + u"/policy-state.json"_s));
    CommandDispatcher dispatcher(std::move(commands));
    int code = dispatcher.run(QCoreApplication::arguments(), streams);
    // Output is buffered: a full disk or a closed pipe shows up only here.
    if (!output.flush() && code == ExitSuccess) {
        streams.printError(u"streamcanvas-cli: cannot write the output.\n"_s);
        code = ExitFailure;
    }
    return code;
}

} // namespace streamcanvas::cli
