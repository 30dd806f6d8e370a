#pragma once

#include "DocumentTextView.h"
#include "markdown/Document.h"

namespace streamcanvas::gui {

// A table, laid out as a QTextTable so that cells wrap and links in cells work like
// anywhere else. Header rows are bold; columns keep their alignment.
class TableBlockWidget : public DocumentTextView
{
    Q_OBJECT

public:
    TableBlockWidget(const markdown::Block &block, LinkActivator &links, QWidget *parent = nullptr);
};

} // namespace streamcanvas::gui
