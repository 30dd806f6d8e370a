#include "ModelsCommand.h"

#include "CommandStreams.h"
#include "GatewayOptions.h"
#include "GatewaySession.h"
#include "InterruptWatcher.h"
#include "PolicyContext.h"
#include "gateway/GatewayClient.h"
#include "gateway/ModelList.h"
#include "policy/ModelPatterns.h"

#include <QCommandLineParser>
#include <QEventLoop>

using namespace Qt::StringLiterals;

namespace streamcanvas::cli {

ModelsCommand::ModelsCommand(secrets::SecretStore &secrets, PolicyContext &policy)
    : m_secrets(secrets)
    , m_policy(policy)
{
}

QString ModelsCommand::name() const
{
    return u"models"_s;
}

QString ModelsCommand::description() const
{
    return tr("List the models the gateway offers.");
}

int ModelsCommand::run(const QStringList &arguments, CommandStreams &streams)
{
    const QString program = arguments.value(0, name());
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    const QCommandLineOption help = parser.addHelpOption();
    GatewayOptions options(m_policy);
    options.addTo(parser);
    if (!parser.parse(arguments))
        return streams.usageError(program, parser.errorText());
    if (parser.isSet(help)) {
        streams.printHelp(parser.helpText(), program);
        return ExitSuccess;
    }
    if (!parser.positionalArguments().isEmpty())
        return streams.usageError(program, tr("unexpected argument '%1'.").arg(parser.positionalArguments().first()));
    if (const int code = options.read(parser, streams, program); code != ExitSuccess)
        return code;
    const policy::ModelPatterns allowedModels(options.policy().allowedModels());

    GatewaySession session(options, m_secrets);
    if (!session.settingsError().isEmpty()) {
        streams.printError(program + u": " + session.settingsError() + u'\n');
        return ExitUsage;
    }

    QEventLoop loop;
    InterruptWatcher interrupt;
    gateway::ModelList *list = session.client().listModels(&loop);
    int code = ExitSuccess;
    QObject::connect(list, &gateway::ModelList::finished, &loop, [&](const QStringList &models) {
        // Only the models policy allows: the others cannot be used anyway.
        for (const QString &model : allowedModels.filter(models))
            streams.print(model + u'\n');
        loop.quit();
    });
    QObject::connect(list, &gateway::ModelList::failed, &loop, [&](const gateway::GatewayError &failure) {
        streams.printError(program + u": " + failure.message + u'\n');
        code = GatewaySession::exitCodeFor(failure);
        loop.quit();
    });
    QObject::connect(&interrupt, &InterruptWatcher::interrupted, &loop, [&] {
        code = ExitCancelled;
        loop.quit();
    });
    loop.exec();
    return code;
}

} // namespace streamcanvas::cli
