#include "TableBlockWidget.h"

#include <QTextTable>

#include <algorithm>

namespace streamcanvas::gui {

using markdown::Alignment;
using markdown::Block;

namespace {

Qt::Alignment toQt(Alignment alignment)
{
    switch (alignment) {
    case Alignment::Center:
        return Qt::AlignHCenter;
    case Alignment::Right:
        return Qt::AlignRight;
    case Alignment::Left:
    case Alignment::Default:
        break;
    }
    return Qt::AlignLeft;
}

} // namespace

TableBlockWidget::TableBlockWidget(const Block &block, LinkActivator &links, QWidget *parent)
    : DocumentTextView(links, parent)
{
    setObjectName(QStringLiteral("table"));

    int columns = int(block.alignments.size());
    for (const auto &row : block.rows)
        columns = std::max(columns, int(row.size()));
    const int rows = int(block.rows.size());
    if (rows == 0 || columns == 0)
        return;

    QTextTableFormat tableFormat;
    tableFormat.setBorder(1);
    tableFormat.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
    tableFormat.setBorderBrush(palette().color(QPalette::Mid));
    tableFormat.setBorderCollapse(true);
    tableFormat.setCellSpacing(0);
    tableFormat.setCellPadding(4);
    tableFormat.setHeaderRowCount(block.headerRows);

    QTextCursor cursor(document());
    QTextTable *table = cursor.insertTable(rows, columns, tableFormat);
    for (int r = 0; r < rows; ++r) {
        const auto &row = block.rows[size_t(r)];
        QTextCharFormat base;
        if (r < block.headerRows)
            base.setFontWeight(QFont::Bold);
        for (int c = 0; c < columns; ++c) {
            QTextCursor cell = table->cellAt(r, c).firstCursorPosition();
            QTextBlockFormat blockFormat;
            blockFormat.setAlignment(c < block.alignments.size() ? toQt(block.alignments[c]) : Qt::AlignLeft);
            cell.setBlockFormat(blockFormat);
            if (c < int(row.size()))
                writerAt(cell).write(row[size_t(c)], base);
        }
    }
}

} // namespace streamcanvas::gui
