#pragma once

#include <QString>

class QLabel;
class QWidget;

namespace streamcanvas::gui {

// The one way the app makes a label: plain text only (never rich text, whatever the text
// holds), word-wrapped. Model output reaches labels, so this is a security rule.
class PlainLabel
{
public:
    static QLabel *create(const QString &text, QWidget *parent);
};

} // namespace streamcanvas::gui
