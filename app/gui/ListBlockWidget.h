#pragma once

#include "markdown/Document.h"

#include <QWidget>

namespace streamcanvas::gui {

class BlockWidgetFactory;

// A bullet or ordered list. Task items show a read-only check box instead of a marker.
class ListBlockWidget : public QWidget
{
    Q_OBJECT

public:
    ListBlockWidget(const markdown::Block &block, const BlockWidgetFactory &factory, QWidget *parent = nullptr);

private:
    QWidget *marker(const markdown::Block &list, const markdown::Block &item, int index);
};

} // namespace streamcanvas::gui
