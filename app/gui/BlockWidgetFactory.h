#pragma once

#include "markdown/Document.h"

class QWidget;

namespace streamcanvas::gui {

class LinkActivator;

// Creates the native widget for one block of the document model; containers (quotes,
// lists) come back here for their children.
class BlockWidgetFactory
{
public:
    explicit BlockWidgetFactory(LinkActivator &links);

    QWidget *create(const markdown::Block &block, QWidget *parent) const;

    // A paragraph that holds nothing but an image is shown as a placeholder card.
    static const markdown::Inline *soleImage(const markdown::Block &block);

private:
    LinkActivator &m_links;
};

} // namespace streamcanvas::gui
