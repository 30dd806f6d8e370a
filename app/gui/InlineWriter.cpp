#include "InlineWriter.h"

#include "MonospaceFont.h"
#include "markdown/DocumentText.h"
#include "markdown/LinkSafety.h"

#include <QCoreApplication>

namespace streamcanvas::gui {

using markdown::Inline;
using markdown::Mark;

InlineWriter::InlineWriter(QTextCursor cursor, const QPalette &palette, std::vector<LinkTarget> &links)
    : m_cursor(std::move(cursor))
    , m_palette(palette)
    , m_links(links)
{
}

void InlineWriter::write(const markdown::Inlines &inlines, const QTextCharFormat &base)
{
    for (const Inline &item : inlines)
        writeOne(item, base);
}

QString InlineWriter::imagePlaceholder(const Inline &image)
{
    const QString alt
        = image.text.isEmpty() ? QCoreApplication::translate("InlineWriter", "no description") : image.text;
    const QString host = markdown::LinkSafety::displayHost(image.href);
    if (host.isEmpty())
        return QCoreApplication::translate("InlineWriter", "[image: %1]").arg(alt);
    return QCoreApplication::translate("InlineWriter", "[image: %1 \u2014 %2]").arg(alt, host);
}

void InlineWriter::writeOne(const Inline &item, const QTextCharFormat &base)
{
    switch (item.kind) {
    case Inline::Kind::Text:
        m_cursor.insertText(item.text, withMarks(base, item.marks));
        break;
    case Inline::Kind::Link:
        writeLink(item, withMarks(base, item.marks));
        break;
    case Inline::Kind::Image: {
        QTextCharFormat format = muted(withMarks(base, item.marks));
        format.setFontItalic(true);
        m_cursor.insertText(imagePlaceholder(item), format);
        break;
    }
    case Inline::Kind::SoftBreak:
        m_cursor.insertText(QStringLiteral(" "), withMarks(base, item.marks));
        break;
    case Inline::Kind::HardBreak:
        // A line break inside the paragraph, not a new paragraph.
        m_cursor.insertText(QString(QChar::LineSeparator), withMarks(base, item.marks));
        break;
    }
}

void InlineWriter::writeLink(const Inline &link, const QTextCharFormat &base)
{
    if (!link.safe) {
        // Not clickable: the text as written, then where it pointed, so nothing is hidden.
        write(link.children, base);
        QTextCharFormat destination = muted(base);
        destination.setAnchor(false);
        // A destination can be huge (a data: URL); its start is what tells the reader what it is.
        constexpr qsizetype maxShown = 160;
        const QString shown = link.href.size() > maxShown ? link.href.left(maxShown) + QChar(0x2026) : link.href;
        m_cursor.insertText(QStringLiteral(" <") + shown + QStringLiteral(">"), destination);
        return;
    }
    QTextCharFormat anchor = base;
    anchor.setAnchor(true);
    anchor.setAnchorHref(QString::number(m_links.size()));
    anchor.setForeground(m_palette.color(QPalette::Link));
    anchor.setFontUnderline(true);
    m_links.push_back({link.href, markdown::DocumentText::inlineText(link.children)});
    write(link.children, anchor);
}

QTextCharFormat InlineWriter::withMarks(QTextCharFormat format, markdown::Marks marks) const
{
    if (marks.testFlag(Mark::Strong))
        format.setFontWeight(QFont::Bold);
    if (marks.testFlag(Mark::Emphasis))
        format.setFontItalic(true);
    if (marks.testFlag(Mark::Strike))
        format.setFontStrikeOut(true);
    if (marks.testFlag(Mark::Underline))
        format.setFontUnderline(true);
    if (marks.testAnyFlags(Mark::Code | Mark::Math | Mark::DisplayMath)) {
        const QFont fixed = MonospaceFont::font();
        format.setFontFamilies(QStringList{fixed.family()});
        format.setFontFixedPitch(true);
        format.setBackground(m_palette.color(QPalette::AlternateBase));
    }
    if (marks.testAnyFlags(Mark::Math | Mark::DisplayMath))
        format.setFontItalic(true);
    return format;
}

QTextCharFormat InlineWriter::muted(QTextCharFormat format) const
{
    format.setForeground(m_palette.color(QPalette::PlaceholderText));
    return format;
}

} // namespace streamcanvas::gui
