#include "DialogLinkConfirmer.h"
#include "LinkActivator.h"
#include "RecordingUrlOpener.h"
#include "TableBlockWidget.h"
#include "markdown/ParseOptions.h"

#include <QTest>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextTable>

using namespace streamcanvas;
using markdown::Alignment;
using markdown::Block;

class TestTableBlockWidget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cellsAlignmentAndHeader();
    void shortRowsAreFilled();

private:
    static markdown::Inlines cell(const QString &text);
    static QTextTable *tableOf(const gui::TableBlockWidget &widget);
};

markdown::Inlines TestTableBlockWidget::cell(const QString &text)
{
    markdown::Inline item;
    item.text = text;
    return {item};
}

QTextTable *TestTableBlockWidget::tableOf(const gui::TableBlockWidget &widget)
{
    const QList<QTextFrame *> frames = widget.document()->rootFrame()->childFrames();
    return frames.size() == 1 ? qobject_cast<QTextTable *>(frames.first()) : nullptr;
}

void TestTableBlockWidget::cellsAlignmentAndHeader()
{
    testsupport::RecordingUrlOpener opener;
    gui::DialogLinkConfirmer confirmer;
    gui::LinkActivator links(markdown::ParseOptions{}.allowedLinkSchemes, confirmer, opener);

    Block table;
    table.kind = Block::Kind::Table;
    table.alignments = {Alignment::Left, Alignment::Center, Alignment::Right};
    table.headerRows = 1;
    table.rows = {{cell(QStringLiteral("Name")), cell(QStringLiteral("Qty")), cell(QStringLiteral("Price"))},
        {cell(QStringLiteral("apple")), cell(QStringLiteral("1")), cell(QStringLiteral("<b>0.50</b>"))}};
    gui::TableBlockWidget widget(table, links);

    QTextTable *grid = tableOf(widget);
    QVERIFY(grid);
    QCOMPARE(grid->rows(), 2);
    QCOMPARE(grid->columns(), 3);
    QCOMPARE(grid->format().headerRowCount(), 1);
    const auto textAt = [&](int r, int c) {
        QTextCursor cursor = grid->cellAt(r, c).firstCursorPosition();
        cursor.setPosition(grid->cellAt(r, c).lastCursorPosition().position(), QTextCursor::KeepAnchor);
        return cursor.selectedText();
    };
    QCOMPARE(textAt(0, 2), QStringLiteral("Price"));
    QCOMPARE(textAt(1, 2), QStringLiteral("<b>0.50</b>"));

    QTextCursor header = grid->cellAt(0, 0).firstCursorPosition();
    header.movePosition(QTextCursor::NextCharacter);
    QCOMPARE(header.charFormat().fontWeight(), int(QFont::Bold));
    QTextCursor body = grid->cellAt(1, 0).firstCursorPosition();
    body.movePosition(QTextCursor::NextCharacter);
    QVERIFY(body.charFormat().fontWeight() != int(QFont::Bold));

    QCOMPARE(
        grid->cellAt(1, 0).firstCursorPosition().blockFormat().alignment() & Qt::AlignHorizontal_Mask, Qt::AlignLeft);
    QCOMPARE(grid->cellAt(1, 1).firstCursorPosition().blockFormat().alignment() & Qt::AlignHorizontal_Mask,
        Qt::AlignHCenter);
    QCOMPARE(
        grid->cellAt(1, 2).firstCursorPosition().blockFormat().alignment() & Qt::AlignHorizontal_Mask, Qt::AlignRight);
    QVERIFY(widget.isReadOnly());
}

void TestTableBlockWidget::shortRowsAreFilled()
{
    testsupport::RecordingUrlOpener opener;
    gui::DialogLinkConfirmer confirmer;
    gui::LinkActivator links(markdown::ParseOptions{}.allowedLinkSchemes, confirmer, opener);

    Block table;
    table.kind = Block::Kind::Table;
    table.alignments = {Alignment::Default, Alignment::Default};
    table.headerRows = 1;
    table.rows = {{cell(QStringLiteral("a")), cell(QStringLiteral("b"))}, {cell(QStringLiteral("only"))}};
    gui::TableBlockWidget widget(table, links);
    QTextTable *grid = tableOf(widget);
    QVERIFY(grid);
    QCOMPARE(grid->rows(), 2);
    QCOMPARE(grid->columns(), 2);
}

QTEST_MAIN(TestTableBlockWidget)
#include "tst_TableBlockWidget.moc"
