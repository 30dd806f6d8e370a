#pragma once

#include <QFrame>

namespace streamcanvas::gui {

// A thematic break (---).
class RuleWidget : public QFrame
{
    Q_OBJECT

public:
    explicit RuleWidget(QWidget *parent = nullptr);
};

} // namespace streamcanvas::gui
