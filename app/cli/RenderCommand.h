#pragma once

#include "Command.h"
#include "markdown/Document.h"
#include "markdown/ParseOptions.h"

#include <QCoreApplication>

namespace streamcanvas::cli {

// "render [--chunk-size N] [--format json|text] [FILE|-]": runs a Markdown answer through
// the same StreamingMarkdown the app uses, fed in chunks of N bytes with an update after
// each (so the streaming path is what gets checked), and prints the final document model
// as JSON (docs/document-model.md) or as plain text.
class RenderCommand : public Command
{
    Q_DECLARE_TR_FUNCTIONS(RenderCommand)

public:
    explicit RenderCommand(markdown::ParseOptions options);

    QString name() const override;
    QString description() const override;
    int run(const QStringList &arguments, CommandStreams &streams) override;

private:
    markdown::Document render(const QByteArray &markdown, qsizetype chunkSize) const;
    static QStringList noticeLines(const markdown::Document &document);

    markdown::ParseOptions m_options;
};

} // namespace streamcanvas::cli
