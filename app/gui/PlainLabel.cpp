#include "PlainLabel.h"

#include <QLabel>

namespace streamcanvas::gui {

QLabel *PlainLabel::create(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setText(text);
    return label;
}

} // namespace streamcanvas::gui
