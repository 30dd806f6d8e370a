#include "ListBlockWidget.h"

#include "BlockWidgetFactory.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace streamcanvas::gui {

using markdown::Block;

ListBlockWidget::ListBlockWidget(const Block &block, const BlockWidgetFactory &factory, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("list"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);

    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(4, 0, 0, 0);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(block.tight ? 0 : 6);
    grid->setColumnStretch(1, 1);

    int row = 0;
    for (const Block &item : block.children) {
        grid->addWidget(marker(block, item, row), row, 0, Qt::AlignTop | Qt::AlignRight);
        auto *content = new QWidget(this);
        auto *column = new QVBoxLayout(content);
        column->setContentsMargins(0, 0, 0, 0);
        column->setSpacing(block.tight ? 0 : 6);
        // A list's children are its items; an item's children are its blocks.
        if (item.kind == Block::Kind::Item) {
            for (const Block &child : item.children)
                column->addWidget(factory.create(child, content));
        } else {
            column->addWidget(factory.create(item, content));
        }
        grid->addWidget(content, row, 1);
        ++row;
    }
}

QWidget *ListBlockWidget::marker(const Block &list, const Block &item, int index)
{
    if (item.task != Block::Task::None) {
        auto *box = new QCheckBox(this);
        box->setObjectName(QStringLiteral("task"));
        box->setChecked(item.task == Block::Task::Done);
        // Shows the state the answer gave; there is nothing to toggle.
        box->setEnabled(false);
        box->setAccessibleName(item.task == Block::Task::Done ? tr("Task, done") : tr("Task, open"));
        return box;
    }
    auto *label = new QLabel(this);
    label->setObjectName(QStringLiteral("marker"));
    label->setContentsMargins(0, 2, 0, 0); // the text views beside it have a 2 px document margin
    label->setTextFormat(Qt::PlainText);
    label->setText(
        list.ordered ? QString::number(qlonglong(list.start) + index) + QLatin1Char('.') : QString(QChar(0x2022)));
    return label;
}

} // namespace streamcanvas::gui
