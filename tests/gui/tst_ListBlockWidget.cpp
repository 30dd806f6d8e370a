#include "BlockWidgetFactory.h"
#include "DialogLinkConfirmer.h"
#include "LinkActivator.h"
#include "ListBlockWidget.h"
#include "RecordingUrlOpener.h"
#include "TextBlockWidget.h"
#include "markdown/ParseOptions.h"

#include <QCheckBox>
#include <QLabel>
#include <QTest>

using namespace streamcanvas;
using markdown::Block;

class TestListBlockWidget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void orderedListCountsFromStart();
    void bulletsAndTasks();
    void nestedListRecurses();

private:
    static Block item(const QString &text, Block::Task task = Block::Task::None);
    QStringList markers(const QWidget &list) const;
};

Block TestListBlockWidget::item(const QString &text, Block::Task task)
{
    markdown::Inline run;
    run.text = text;
    Block paragraph;
    paragraph.inlines = {run};
    Block entry;
    entry.kind = Block::Kind::Item;
    entry.task = task;
    entry.children = {paragraph};
    return entry;
}

QStringList TestListBlockWidget::markers(const QWidget &list) const
{
    QStringList texts;
    for (const QLabel *label : list.findChildren<QLabel *>(QStringLiteral("marker"), Qt::FindDirectChildrenOnly)) {
        // A marker that is not plain text spoils every comparison below.
        texts << (label->textFormat() == Qt::PlainText ? label->text() : QStringLiteral("<not plain text>"));
    }
    return texts;
}

void TestListBlockWidget::orderedListCountsFromStart()
{
    testsupport::RecordingUrlOpener opener;
    gui::DialogLinkConfirmer confirmer;
    gui::LinkActivator links(markdown::ParseOptions{}.allowedLinkSchemes, confirmer, opener);
    gui::BlockWidgetFactory factory(links);

    Block list;
    list.kind = Block::Kind::List;
    list.ordered = true;
    list.start = 7;
    list.children = {item(QStringLiteral("a")), item(QStringLiteral("b")), item(QStringLiteral("c"))};
    gui::ListBlockWidget widget(list, factory);
    QCOMPARE(markers(widget), (QStringList{QStringLiteral("7."), QStringLiteral("8."), QStringLiteral("9.")}));
    QCOMPARE(widget.findChildren<gui::TextBlockWidget *>().size(), 3);
}

void TestListBlockWidget::bulletsAndTasks()
{
    testsupport::RecordingUrlOpener opener;
    gui::DialogLinkConfirmer confirmer;
    gui::LinkActivator links(markdown::ParseOptions{}.allowedLinkSchemes, confirmer, opener);
    gui::BlockWidgetFactory factory(links);

    Block list;
    list.kind = Block::Kind::List;
    list.children = {item(QStringLiteral("done"), Block::Task::Done), item(QStringLiteral("open"), Block::Task::Open),
        item(QStringLiteral("plain"))};
    gui::ListBlockWidget widget(list, factory);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));

    QCOMPARE(markers(widget).size(), 1);
    const auto boxes = widget.findChildren<QCheckBox *>();
    QCOMPARE(boxes.size(), 2);
    QVERIFY(boxes[0]->isChecked());
    QVERIFY(!boxes[1]->isChecked());
    for (QCheckBox *box : boxes) {
        QVERIFY(!box->isEnabled());
        const bool before = box->isChecked();
        QTest::mouseClick(box, Qt::LeftButton);
        QCOMPARE(box->isChecked(), before);
    }
}

void TestListBlockWidget::nestedListRecurses()
{
    testsupport::RecordingUrlOpener opener;
    gui::DialogLinkConfirmer confirmer;
    gui::LinkActivator links(markdown::ParseOptions{}.allowedLinkSchemes, confirmer, opener);
    gui::BlockWidgetFactory factory(links);

    Block inner;
    inner.kind = Block::Kind::List;
    inner.children = {item(QStringLiteral("inner"))};
    Block outerItem = item(QStringLiteral("outer"));
    outerItem.children.push_back(inner);
    Block outer;
    outer.kind = Block::Kind::List;
    outer.children = {outerItem};
    gui::ListBlockWidget widget(outer, factory);
    QCOMPARE(widget.findChildren<gui::ListBlockWidget *>().size(), 1);
    QCOMPARE(widget.findChildren<gui::TextBlockWidget *>().size(), 2);
}

QTEST_MAIN(TestListBlockWidget)
#include "tst_ListBlockWidget.moc"
