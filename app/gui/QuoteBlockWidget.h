#pragma once

#include "markdown/Document.h"

#include <QFrame>

namespace streamcanvas::gui {

class BlockWidgetFactory;

// A block quote: a bar on the leading side and the quoted blocks.
class QuoteBlockWidget : public QFrame
{
    Q_OBJECT

public:
    QuoteBlockWidget(const markdown::Block &block, const BlockWidgetFactory &factory, QWidget *parent = nullptr);
};

} // namespace streamcanvas::gui
