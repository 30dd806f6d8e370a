#include "SpecReader.h"

#include <QFile>

namespace streamcanvas::conformance {

namespace {

const QByteArray kFence(32, '`');

QByteArray withTabs(QByteArray text)
{
    return text.replace("\xE2\x86\x92", "\t"); // "→" stands for a tab in the spec format
}

} // namespace

std::vector<SpecExample> SpecReader::read(const QString &path, const QString &relativeName, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return {};
    }
    return parse(file.readAll(), relativeName);
}

std::vector<SpecExample> SpecReader::parse(const QByteArray &content, const QString &relativeName)
{
    enum class State { Outside, Markdown, Html, Flags };
    std::vector<SpecExample> examples;
    State state = State::Outside;
    SpecExample current;
    QString section;
    int lineNumber = 0;

    qsizetype pos = 0;
    while (pos < content.size()) {
        qsizetype end = content.indexOf('\n', pos);
        if (end < 0)
            end = content.size();
        // The line with its newline, as it belongs to the example text.
        const QByteArray lineWithNewline = content.mid(pos, end + 1 - pos);
        QByteArray line = content.mid(pos, end - pos);
        if (line.endsWith('\r'))
            line.chop(1);
        pos = end + 1;
        ++lineNumber;

        switch (state) {
        case State::Outside:
            if (line.startsWith(kFence) && line.mid(kFence.size()).trimmed().startsWith("example")) {
                current = SpecExample();
                current.file = relativeName;
                current.number = int(examples.size()) + 1;
                current.line = lineNumber;
                current.section = section;
                const QByteArray rest = line.mid(kFence.size()).trimmed().mid(7).trimmed();
                for (const QByteArray &word : rest.split(' ')) {
                    if (!word.isEmpty())
                        current.info.append(QString::fromUtf8(word));
                }
                state = State::Markdown;
            } else if (line.startsWith('#')) {
                section = QString::fromUtf8(line).remove(QLatin1Char('#')).trimmed();
            }
            break;
        case State::Markdown:
            if (line == ".")
                state = State::Html;
            else
                current.markdown += lineWithNewline;
            break;
        case State::Html:
        case State::Flags:
            if (line.startsWith(kFence)) {
                current.markdown = withTabs(current.markdown);
                current.html = withTabs(current.html);
                examples.push_back(current);
                state = State::Outside;
            } else if (state == State::Html && line == ".") {
                state = State::Flags;
            } else if (state == State::Html) {
                current.html += lineWithNewline;
            } else {
                for (const QByteArray &word : line.simplified().split(' ')) {
                    if (!word.isEmpty())
                        current.flags.append(QString::fromUtf8(word));
                }
            }
            break;
        }
    }
    return examples;
}

} // namespace streamcanvas::conformance
