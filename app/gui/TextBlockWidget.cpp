#include "TextBlockWidget.h"

#include <QTextBlockFormat>

namespace streamcanvas::gui {

using markdown::Block;

TextBlockWidget::TextBlockWidget(const Block &block, LinkActivator &links, QWidget *parent)
    : DocumentTextView(links, parent)
{
    setObjectName(block.kind == Block::Kind::Heading ? QStringLiteral("heading") : QStringLiteral("paragraph"));

    QTextCharFormat base;
    if (block.kind == Block::Kind::Heading) {
        base.setFontPointSize(font().pointSizeF() * headingScale(block.level));
        base.setFontWeight(QFont::Bold);
    }
    QTextCursor cursor(document());
    QTextBlockFormat blockFormat;
    // Text from the model may be right-to-left; let each paragraph follow its own text.
    blockFormat.setLayoutDirection(Qt::LayoutDirectionAuto);
    cursor.setBlockFormat(blockFormat);
    cursor.setBlockCharFormat(base);
    writerAt(cursor).write(block.inlines, base);
}

qreal TextBlockWidget::headingScale(int level)
{
    switch (level) {
    case 1:
        return 1.6;
    case 2:
        return 1.4;
    case 3:
        return 1.2;
    case 4:
        return 1.1;
    default:
        return 1.0;
    }
}

} // namespace streamcanvas::gui
