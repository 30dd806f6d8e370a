#include "QuoteBlockWidget.h"

#include "BlockWidgetFactory.h"

#include <QHBoxLayout>
#include <QVBoxLayout>

namespace streamcanvas::gui {

QuoteBlockWidget::QuoteBlockWidget(const markdown::Block &block, const BlockWidgetFactory &factory, QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("quote"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);

    auto *bar = new QFrame(this);
    bar->setObjectName(QStringLiteral("quoteBar"));
    bar->setFixedWidth(3);
    bar->setAutoFillBackground(true);
    QPalette barPalette = bar->palette();
    barPalette.setColor(QPalette::Window, barPalette.color(QPalette::Mid));
    bar->setPalette(barPalette);
    layout->addWidget(bar);

    auto *content = new QVBoxLayout;
    content->setContentsMargins(0, 0, 0, 0);
    content->setSpacing(6);
    for (const markdown::Block &child : block.children)
        content->addWidget(factory.create(child, this));
    layout->addLayout(content, 1);
}

} // namespace streamcanvas::gui
