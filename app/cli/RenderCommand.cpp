#include "RenderCommand.h"

#include "CommandStreams.h"
#include "markdown/DocumentJson.h"
#include "markdown/DocumentText.h"
#include "markdown/StreamingMarkdown.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace streamcanvas::cli {

namespace {

// Small enough that a typical answer goes through many update() calls, like a stream of
// tokens does.
constexpr qsizetype defaultChunkSize = 64;

} // namespace

RenderCommand::RenderCommand(markdown::ParseOptions options)
    : m_options(std::move(options))
{
}

QString RenderCommand::name() const
{
    return u"render"_s;
}

QString RenderCommand::description() const
{
    return tr("Show a Markdown answer as the app's sanitized document model (JSON or text).");
}

int RenderCommand::run(const QStringList &arguments, CommandStreams &streams)
{
    const QString program = arguments.value(0, name());

    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption chunkOption(u"chunk-size"_s,
        tr("Feed the parser <bytes> bytes at a time, with an update after each chunk (default %1).")
            .arg(defaultChunkSize),
        u"bytes"_s, QString::number(defaultChunkSize));
    const QCommandLineOption formatOption(u"format"_s,
        tr("Output format: \"json\" (the document model) or \"text\" (plain text; notices go to stderr). "
           "Default: text."),
        u"json|text"_s, u"text"_s);
    parser.addOption(chunkOption);
    parser.addOption(formatOption);
    parser.addPositionalArgument(
        u"file"_s, tr("The Markdown file to render; \"-\" or nothing reads standard input."), u"[FILE|-]"_s);

    if (!parser.parse(arguments))
        return streams.usageError(program, parser.errorText());
    if (parser.isSet(help)) {
        streams.printHelp(parser.helpText(), program);
        return ExitSuccess;
    }

    bool ok = false;
    const QString chunkText = parser.value(chunkOption);
    const qlonglong chunkSize = chunkText.toLongLong(&ok);
    if (!ok || chunkSize <= 0) {
        return streams.usageError(
            program, tr("invalid --chunk-size '%1': expected a whole number of bytes greater than 0.").arg(chunkText));
    }

    const QString format = parser.value(formatOption);
    if (format != u"json"_s && format != u"text"_s)
        return streams.usageError(program, tr("unknown --format '%1': expected 'json' or 'text'.").arg(format));

    const QStringList files = parser.positionalArguments();
    if (files.size() > 1)
        return streams.usageError(program, tr("expected at most one file, got %1.").arg(files.size()));

    QByteArray markdown;
    const QString path = files.value(0, u"-"_s);
    if (path == u"-"_s) {
        QIODevice &input = streams.input();
        markdown = input.readAll();
        const auto *file = qobject_cast<QFileDevice *>(&input);
        if (!input.isOpen() || (file && file->error() != QFileDevice::NoError))
            return streams.usageError(program, tr("cannot read standard input: %1.").arg(input.errorString()));
    } else {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return streams.usageError(program, tr("cannot read '%1': %2.").arg(path, file.errorString()));
        markdown = file.readAll();
        if (file.error() != QFileDevice::NoError)
            return streams.usageError(program, tr("cannot read '%1': %2.").arg(path, file.errorString()));
    }

    const markdown::Document document = render(markdown, qsizetype(chunkSize));

    bool written = false;
    if (format == u"json"_s) {
        written = streams.printBytes(QJsonDocument(markdown::DocumentJson::toJson(document)).toJson());
    } else {
        const QString text = markdown::DocumentText::toText(document);
        written = streams.print(text.isEmpty() ? text : text + u'\n');
        for (const QString &line : noticeLines(document))
            streams.printError(tr("notice: %1").arg(line) + u'\n');
    }
    if (!written) {
        streams.printError(tr("%1: cannot write the output.").arg(program) + u'\n');
        return ExitFailure;
    }
    return ExitSuccess;
}

markdown::Document RenderCommand::render(const QByteArray &markdown, qsizetype chunkSize) const
{
    markdown::StreamingMarkdown stream(m_options);
    const QByteArrayView bytes(markdown);
    for (qsizetype at = 0; at < bytes.size(); at += chunkSize) {
        stream.append(bytes.sliced(at, std::min(chunkSize, bytes.size() - at)));
        stream.update();
    }
    stream.finish();
    return stream.document();
}

QStringList RenderCommand::noticeLines(const markdown::Document &document)
{
    using Kind = markdown::Notice::Kind;
    QStringList lines;
    for (const markdown::Notice &notice : document.notices) {
        switch (notice.kind) {
        case Kind::Truncated:
            lines.append(tr("the answer is longer than the display limit; the rest is not shown."));
            break;
        case Kind::NestingFlattened:
            lines.append(tr("quotes or lists nested too deeply were flattened."));
            break;
        case Kind::TableColumnsLimited:
            lines.append(tr("a table has more columns than can be shown; the extra columns were dropped."));
            break;
        case Kind::LinkBudgetExceeded:
            lines.append(tr("the answer has too many links; the rest are shown as text."));
            break;
        case Kind::ComplexContent:
            lines.append(tr("a block was too complex to format and is shown as plain text."));
            break;
        }
    }
    if (document.hiddenCharacters > 0) {
        lines.append(tr("%n hidden character(s) (bidi controls, invisible or control characters) were made visible.",
            nullptr, document.hiddenCharacters));
    }
    return lines;
}

} // namespace streamcanvas::cli
