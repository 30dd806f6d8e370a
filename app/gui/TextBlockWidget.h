#pragma once

#include "DocumentTextView.h"
#include "markdown/Document.h"

namespace streamcanvas::gui {

// A paragraph or heading.
class TextBlockWidget : public DocumentTextView
{
    Q_OBJECT

public:
    TextBlockWidget(const markdown::Block &block, LinkActivator &links, QWidget *parent = nullptr);

    // The font size factor of a heading level (1 for body text).
    static qreal headingScale(int level);
};

} // namespace streamcanvas::gui
