#pragma once

#include <QString>

class QIODevice;

namespace streamcanvas::cli {

// Where a command reads and writes: the process's stdin, stdout and stderr in main(). Text
// is always written as UTF-8, whatever the locale, so output is the same on every machine.
class CommandStreams
{
public:
    CommandStreams(QIODevice &input, QIODevice &output, QIODevice &error);

    QIODevice &input() const { return m_input; }
    // Returns false when the output could not be written (e.g. a closed pipe).
    bool print(const QString &text);
    bool printBytes(const QByteArray &bytes);
    // Pushes buffered output out now (streamed answers are shown as they arrive).
    bool flush();
    void printError(const QString &text);
    // Prints QCommandLineParser::helpText() with the command as typed ("streamcanvas-cli
    // render") in the usage line instead of the executable's full path.
    void printHelp(QString helpText, const QString &program);
    // "<program>: <message>" and a hint to --help on stderr; returns ExitUsage.
    int usageError(const QString &program, const QString &message);

private:
    QIODevice &m_input;
    QIODevice &m_output;
    QIODevice &m_error;
};

} // namespace streamcanvas::cli
