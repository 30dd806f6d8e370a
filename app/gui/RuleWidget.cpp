#include "RuleWidget.h"

namespace streamcanvas::gui {

RuleWidget::RuleWidget(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("rule"));
    setFrameShape(QFrame::HLine);
    setFrameShadow(QFrame::Sunken);
}

} // namespace streamcanvas::gui
