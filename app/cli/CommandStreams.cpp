#include "CommandStreams.h"

#include "Command.h"

#include <QCoreApplication>
#include <QFileDevice>
#include <QIODevice>

namespace streamcanvas::cli {

CommandStreams::CommandStreams(QIODevice &input, QIODevice &output, QIODevice &error)
    : m_input(input)
    , m_output(output)
    , m_error(error)
{
}

bool CommandStreams::print(const QString &text)
{
    return printBytes(text.toUtf8());
}

bool CommandStreams::printBytes(const QByteArray &bytes)
{
    return m_output.write(bytes) == bytes.size();
}

bool CommandStreams::flush()
{
    auto *file = qobject_cast<QFileDevice *>(&m_output);
    return !file || file->flush();
}

void CommandStreams::printError(const QString &text)
{
    m_error.write(text.toUtf8());
    // Messages (a sign-in code to type, a retry notice) must show while the command waits.
    if (auto *file = qobject_cast<QFileDevice *>(&m_error))
        file->flush();
}

void CommandStreams::printHelp(QString helpText, const QString &program)
{
    const QString executable = QCoreApplication::arguments().value(0);
    const qsizetype at = executable.isEmpty() ? -1 : helpText.indexOf(executable);
    if (at >= 0)
        helpText.replace(at, executable.size(), program);
    print(helpText);
}

int CommandStreams::usageError(const QString &program, const QString &message)
{
    printError(program + u": " + message + u'\n');
    printError(u"Try '" + program + u" --help' for more information.\n");
    return ExitUsage;
}

} // namespace streamcanvas::cli
