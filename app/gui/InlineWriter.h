#pragma once

#include "markdown/Document.h"

#include <QPalette>
#include <QTextCharFormat>
#include <QTextCursor>

#include <vector>

namespace streamcanvas::gui {

// A clickable link in a text view; the anchor in the QTextDocument only holds its index.
struct LinkTarget {
    QString href;
    QString visibleText;
};

// Writes inline runs into a QTextDocument with QTextCursor::insertText and explicit
// character formats. Nothing is ever interpreted as markup. Safe links become anchors whose
// href is an index into `links`; unsafe ones stay text, followed by their destination.
class InlineWriter
{
public:
    InlineWriter(QTextCursor cursor, const QPalette &palette, std::vector<LinkTarget> &links);

    void write(const markdown::Inlines &inlines, const QTextCharFormat &base);
    QTextCursor cursor() const { return m_cursor; }

    // "[image: alt — host]", the stand-in for an image that is never loaded.
    static QString imagePlaceholder(const markdown::Inline &image);

private:
    void writeOne(const markdown::Inline &item, const QTextCharFormat &base);
    void writeLink(const markdown::Inline &link, const QTextCharFormat &base);
    QTextCharFormat withMarks(QTextCharFormat format, markdown::Marks marks) const;
    QTextCharFormat muted(QTextCharFormat format) const;

    QTextCursor m_cursor;
    QPalette m_palette;
    std::vector<LinkTarget> &m_links;
};

} // namespace streamcanvas::gui
