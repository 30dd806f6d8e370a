#include "markdown/DocumentText.h"

#include "markdown/LinkSafety.h"

#include <QStringList>

namespace streamcanvas::markdown {

namespace {

QString indentLines(const QString &text, const QString &first, const QString &rest)
{
    const QStringList lines = text.split(u'\n');
    QString out;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0)
            out += u'\n';
        out += (i == 0 ? first : rest) + lines.at(i);
    }
    return out;
}

QString blockText(const Block &block)
{
    switch (block.kind) {
    case Block::Kind::Paragraph:
    case Block::Kind::Heading:
        return DocumentText::inlineText(block.inlines);
    case Block::Kind::CodeBlock: {
        QString code = block.code;
        if (code.endsWith(u'\n'))
            code.chop(1);
        return code;
    }
    case Block::Kind::Quote:
        return indentLines(DocumentText::toText(block.children), u"> "_qs, u"> "_qs);
    case Block::Kind::List: {
        QStringList items;
        int number = block.start;
        for (const Block &item : block.children) {
            QString marker = block.ordered ? QString::number(number++) + u". " : u"- "_qs;
            if (item.task == Block::Task::Open)
                marker += u"[ ] ";
            else if (item.task == Block::Task::Done)
                marker += u"[x] ";
            const QString body = blockText(item);
            items.append(indentLines(body, marker, QString(marker.size(), u' ')));
        }
        return items.join(block.tight ? u"\n"_qs : u"\n\n"_qs);
    }
    case Block::Kind::Item:
        return DocumentText::toText(block.children);
    case Block::Kind::Table: {
        QStringList rows;
        for (size_t r = 0; r < block.rows.size(); ++r) {
            QStringList cells;
            for (const Inlines &cell : block.rows[r])
                cells.append(DocumentText::inlineText(cell));
            rows.append(cells.join(u" | "));
            if (int(r) + 1 == block.headerRows)
                rows.append(QString(rows.last().size(), u'-'));
        }
        return rows.join(u'\n');
    }
    case Block::Kind::ThematicBreak:
        return u"----"_qs;
    }
    return {};
}

} // namespace

QString DocumentText::inlineText(const Inlines &inlines)
{
    QString out;
    for (const Inline &run : inlines) {
        switch (run.kind) {
        case Inline::Kind::Text:
            out += run.text;
            break;
        case Inline::Kind::Link: {
            // The destination as it would be opened: an IDN host in punycode.
            const QString text = inlineText(run.children);
            const QString destination = LinkSafety::displayUrl(run.href);
            if (!run.safe)
                out += text + u" [blocked link: " + run.href + u']';
            else if (text == run.href || u"mailto:" + text == run.href)
                out += u'<' + destination + u'>';
            else
                out += text + u" <" + destination + u'>';
            break;
        }
        case Inline::Kind::Image: {
            const QString host = LinkSafety::displayHost(run.href);
            out += u"[image: " + run.text + (host.isEmpty() ? QString() : u" \u2014 " + host) + u']';
            break;
        }
        case Inline::Kind::SoftBreak:
        case Inline::Kind::HardBreak:
            out += u'\n';
            break;
        }
    }
    return out;
}

QString DocumentText::toText(const Blocks &blocks)
{
    QStringList parts;
    for (const Block &block : blocks)
        parts.append(blockText(block));
    return parts.join(u"\n\n");
}

QString DocumentText::toText(const Document &document)
{
    return toText(document.blocks);
}

} // namespace streamcanvas::markdown
