#include "CommandDispatcher.h"

#include "CommandStreams.h"

#include <QCommandLineParser>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace streamcanvas::cli {

CommandDispatcher::CommandDispatcher(std::vector<std::unique_ptr<Command>> commands)
    : m_commands(std::move(commands))
{
}

int CommandDispatcher::run(const QStringList &arguments, CommandStreams &streams)
{
    const QString program = arguments.isEmpty() ? u"streamcanvas-cli"_s : QFileInfo(arguments.first()).fileName();

    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Command-line client for the AI gateway."));
    // Everything after the command name belongs to the command.
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    parser.addPositionalArgument(u"command"_s, tr("The command to run (see below)."), u"<command> [options]"_s);

    if (!parser.parse(arguments))
        return streams.usageError(program, parser.errorText());
    if (parser.isSet(version)) {
        streams.print(program + u' ' + QCoreApplication::applicationVersion() + u'\n');
        return ExitSuccess;
    }
    if (parser.isSet(help)) {
        streams.printHelp(parser.helpText() + u'\n' + commandList(), program);
        return ExitSuccess;
    }

    QStringList rest = parser.positionalArguments();
    if (rest.isEmpty()) {
        streams.printError(tr("%1: no command given.").arg(program) + u"\n\n" + commandList());
        streams.printError(tr("Try '%1 --help' for more information.").arg(program) + u'\n');
        return ExitUsage;
    }

    QString name = rest.takeFirst();
    // "help render" is the same as "render --help".
    if (name == u"help"_s) {
        if (rest.isEmpty()) {
            streams.printHelp(parser.helpText() + u'\n' + commandList(), program);
            return ExitSuccess;
        }
        name = rest.takeFirst();
        rest = {u"--help"_s};
    }

    Command *command = find(name);
    if (!command) {
        streams.printError(tr("%1: unknown command '%2'.").arg(program, name) + u"\n\n" + commandList());
        streams.printError(tr("Try '%1 --help' for more information.").arg(program) + u'\n');
        return ExitUsage;
    }
    rest.prepend(program + u' ' + command->name());
    return command->run(rest, streams);
}

Command *CommandDispatcher::find(const QString &name) const
{
    for (const auto &command : m_commands) {
        if (command->name() == name)
            return command.get();
    }
    return nullptr;
}

QString CommandDispatcher::commandList() const
{
    qsizetype width = 0;
    for (const auto &command : m_commands)
        width = std::max(width, command->name().size());
    QString text = tr("Commands:") + u'\n';
    for (const auto &command : m_commands)
        text += u"  " + command->name().leftJustified(width + 2) + command->description() + u'\n';
    return text;
}

} // namespace streamcanvas::cli
