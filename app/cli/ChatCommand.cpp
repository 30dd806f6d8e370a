#include "ChatCommand.h"

#include "ChatOutput.h"
#include "CommandStreams.h"
#include "GatewayOptions.h"
#include "GatewaySession.h"
#include "InterruptWatcher.h"
#include "PolicyContext.h"
#include "gateway/ChatStream.h"
#include "gateway/GatewayClient.h"
#include "gateway/ModelList.h"
#include "policy/ModelPatterns.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFileDevice>

#include <cstdio>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace streamcanvas::cli {

namespace {

bool isTerminal(FILE *stream)
{
#ifdef Q_OS_UNIX
    return ::isatty(::fileno(stream)) == 1;
#else
    Q_UNUSED(stream);
    return true;
#endif
}

} // namespace

ChatCommand::ChatCommand(secrets::SecretStore &secrets, PolicyContext &policy)
    : m_secrets(secrets)
    , m_policy(policy)
{
}

QString ChatCommand::name() const
{
    return u"chat"_s;
}

QString ChatCommand::description() const
{
    return tr("Send a prompt and stream the answer to standard output.");
}

int ChatCommand::run(const QStringList &arguments, CommandStreams &streams)
{
    const QString program = arguments.value(0, name());
    QCommandLineParser parser;
    parser.setApplicationDescription(description() + u"\n\n"_s
        + tr("Exit status: 0 finished, 2 usage, 3 sign-in or permission, 4 gateway or network failure, "
             "5 interrupted (the partial answer was printed), 130 stopped with Ctrl-C."));
    const QCommandLineOption help = parser.addHelpOption();
    GatewayOptions options(m_policy);
    options.addTo(parser);
    const QCommandLineOption modelOption(
        u"model"_s, tr("The model to use (default: the first the gateway lists)."), u"model"_s);
    const QCommandLineOption systemOption(u"system"_s, tr("A system prompt to send first."), u"text"_s);
    const QCommandLineOption formatOption(u"format"_s,
        tr("\"raw\" (the Markdown as received), \"text\" (rendered through the sanitizing Markdown core) or "
           "\"json\" (one JSON event per line). Default: raw."),
        u"raw|text|json"_s, u"raw"_s);
    parser.addOption(modelOption);
    parser.addOption(systemOption);
    parser.addOption(formatOption);
    parser.addPositionalArgument(u"prompt"_s, tr("The prompt; \"-\" reads it from standard input."), u"PROMPT|-"_s);

    if (!parser.parse(arguments))
        return streams.usageError(program, parser.errorText());
    if (parser.isSet(help)) {
        streams.printHelp(parser.helpText(), program);
        return ExitSuccess;
    }

    const QString formatName = parser.value(formatOption);
    ChatOutput::Format format = ChatOutput::Format::Raw;
    if (formatName == u"text"_s)
        format = ChatOutput::Format::Text;
    else if (formatName == u"json"_s)
        format = ChatOutput::Format::Json;
    else if (formatName != u"raw"_s)
        return streams.usageError(program, tr("unknown --format '%1': expected raw, text or json.").arg(formatName));

    const QStringList words = parser.positionalArguments();
    if (words.isEmpty())
        return streams.usageError(program, tr("no prompt given."));
    QString prompt;
    if (words == QStringList{u"-"_s}) {
        QIODevice &input = streams.input();
        const QByteArray bytes = input.readAll();
        const auto *file = qobject_cast<QFileDevice *>(&input);
        if (!input.isOpen() || (file && file->error() != QFileDevice::NoError))
            return streams.usageError(program, tr("cannot read standard input: %1.").arg(input.errorString()));
        prompt = QString::fromUtf8(bytes);
    } else {
        prompt = words.join(u' ');
    }
    if (prompt.trimmed().isEmpty())
        return streams.usageError(program, tr("the prompt is empty."));

    if (const int code = options.read(parser, streams, program); code != ExitSuccess)
        return code;
    const policy::ModelPatterns allowedModels(options.policy().allowedModels());
    if (parser.isSet(modelOption) && !allowedModels.allows(parser.value(modelOption))) {
        streams.printError(program + u": "
            + tr("the model \u201c%1\u201d is not allowed by your organization (AllowedModels).")
                  .arg(parser.value(modelOption))
            + u'\n');
        return ExitSignIn;
    }

    GatewaySession session(options, m_secrets);
    if (!session.settingsError().isEmpty()) {
        streams.printError(program + u": " + session.settingsError() + u'\n');
        return ExitUsage;
    }

    gateway::ChatRequest request;
    request.model = parser.isSet(modelOption) ? parser.value(modelOption) : options.policy().defaultModel();
    if (!allowedModels.allows(request.model))
        request.model.clear(); // a default model policy no longer allows: pick an allowed one
    // The organization's system prompt comes first, before the user's own.
    if (const QString organization = options.policy().organizationSystemPrompt(); !organization.isEmpty())
        request.messages.append({u"system"_s, organization});
    if (parser.isSet(systemOption))
        request.messages.append({u"system"_s, parser.value(systemOption)});
    request.messages.append({u"user"_s, prompt});

    QEventLoop loop;
    InterruptWatcher interrupt;
    ChatOutput output(format, isTerminal(stdout), streams);
    int code = ExitSuccess;
    gateway::ChatStream *stream = nullptr;
    bool cancelled = false;

    const auto startChat = [&] {
        stream = session.client().chat(request, &loop);
        QObject::connect(stream, &gateway::ChatStream::retrying, &loop,
            [&](int attempt, std::chrono::milliseconds delay, const gateway::GatewayError &reason) {
                output.retrying(attempt, delay, reason);
            });
        QObject::connect(stream, &gateway::ChatStream::started, &loop, [&] { output.started(); });
        QObject::connect(
            stream, &gateway::ChatStream::contentDelta, &loop, [&](const QString &text) { output.content(text); });
        QObject::connect(
            stream, &gateway::ChatStream::reasoningDelta, &loop, [&](const QString &text) { output.reasoning(text); });
        QObject::connect(stream, &gateway::ChatStream::usageReceived, &loop,
            [&](const gateway::Usage &usage) { output.usage(usage); });
        QObject::connect(stream, &gateway::ChatStream::finishReasonReceived, &loop,
            [&](const QString &reason) { output.finishReason(reason); });
        QObject::connect(stream, &gateway::ChatStream::finished, &loop, [&] {
            output.ended(u"finished"_s, {});
            loop.quit();
        });
        QObject::connect(stream, &gateway::ChatStream::interrupted, &loop, [&](const gateway::GatewayError &why) {
            output.ended(u"interrupted"_s, why);
            if (why.kind == gateway::GatewayError::Kind::Cancelled) {
                code = ExitCancelled;
            } else {
                streams.printError(
                    program + u": " + why.message + u' ' + tr("The partial answer was printed.") + u'\n');
                code = ExitInterrupted;
            }
            loop.quit();
        });
        QObject::connect(stream, &gateway::ChatStream::failed, &loop, [&](const gateway::GatewayError &why) {
            output.ended(u"failed"_s, why);
            if (why.kind != gateway::GatewayError::Kind::Cancelled)
                streams.printError(program + u": " + why.message + u'\n');
            code = GatewaySession::exitCodeFor(why);
            loop.quit();
        });
    };

    QObject::connect(&interrupt, &InterruptWatcher::interrupted, &loop, [&] {
        cancelled = true;
        if (stream) {
            stream->cancel();
        } else {
            code = ExitCancelled;
            loop.quit();
        }
    });

    if (request.model.isEmpty()) {
        // No model named: use the first the gateway offers (and policy allows).
        gateway::ModelList *list = session.client().listModels(&loop);
        QObject::connect(list, &gateway::ModelList::finished, &loop, [&](const QStringList &offered) {
            if (cancelled)
                return;
            const QStringList models = allowedModels.filter(offered);
            if (models.isEmpty()) {
                streams.printError(program + u": "
                    + (offered.isEmpty() ? tr("the gateway offers no models.")
                                         : tr("the gateway offers no model your organization allows (AllowedModels)."))
                    + u'\n');
                code = ExitGateway;
                loop.quit();
                return;
            }
            request.model = models.first();
            if (format != ChatOutput::Format::Json)
                streams.printError(tr("Using the model \u201c%1\u201d.").arg(request.model) + u'\n');
            startChat();
        });
        QObject::connect(list, &gateway::ModelList::failed, &loop, [&](const gateway::GatewayError &why) {
            streams.printError(program + u": " + why.message + u'\n');
            code = GatewaySession::exitCodeFor(why);
            loop.quit();
        });
    } else {
        startChat();
    }
    loop.exec();

    if (output.writeFailed() && code == ExitSuccess) {
        streams.printError(tr("%1: cannot write the output.").arg(program) + u'\n');
        return ExitFailure;
    }
    return code;
}

} // namespace streamcanvas::cli
