#include "AccountCommand.h"
#include "ChatCommand.h"
#include "CommandDispatcher.h"
#include "CommandStreams.h"
#include "ModelsCommand.h"
#include "RenderCommand.h"
#include "StoredSecretCommand.h"
#include "markdown/ParseOptions.h"
#include "secrets/KeychainSecretStore.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

using namespace streamcanvas;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("streamcanvas-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(STREAMCANVAS_VERSION));

    QFile input;
    QFile output;
    QFile error;
    input.open(stdin, QIODevice::ReadOnly);
    output.open(stdout, QIODevice::WriteOnly);
    error.open(stderr, QIODevice::WriteOnly);
    cli::CommandStreams streams(input, output, error);

    secrets::KeychainSecretStore keychain;

    std::vector<std::unique_ptr<cli::Command>> commands;
    commands.push_back(std::make_unique<cli::ChatCommand>(keychain));
    commands.push_back(std::make_unique<cli::AccountCommand>(cli::AccountCommand::Kind::Login, keychain));
    commands.push_back(std::make_unique<cli::AccountCommand>(cli::AccountCommand::Kind::Status, keychain));
    commands.push_back(std::make_unique<cli::AccountCommand>(cli::AccountCommand::Kind::Logout, keychain));
    commands.push_back(std::make_unique<cli::ModelsCommand>(keychain));
    commands.push_back(std::make_unique<cli::StoredSecretCommand>(cli::StoredSecretCommand::Kind::ApiKey, keychain));
    commands.push_back(
        std::make_unique<cli::StoredSecretCommand>(cli::StoredSecretCommand::Kind::ProxyPassword, keychain));
    commands.push_back(std::make_unique<cli::RenderCommand>(markdown::ParseOptions{}));
    cli::CommandDispatcher dispatcher(std::move(commands));
    int code = dispatcher.run(QCoreApplication::arguments(), streams);
    // Output is buffered: a full disk or a closed pipe shows up only here.
    if (!output.flush() && code == cli::ExitSuccess) {
        streams.printError(QStringLiteral("streamcanvas-cli: cannot write the output.\n"));
        code = cli::ExitFailure;
    }
    return code;
}
