#include "BlockWidgetFactory.h"

#include "CodeBlockWidget.h"
#include "ImagePlaceholderWidget.h"
#include "ListBlockWidget.h"
#include "QuoteBlockWidget.h"
#include "RuleWidget.h"
#include "TableBlockWidget.h"
#include "TextBlockWidget.h"

namespace streamcanvas::gui {

using markdown::Block;
using markdown::Inline;

BlockWidgetFactory::BlockWidgetFactory(LinkActivator &links)
    : m_links(links)
{
}

QWidget *BlockWidgetFactory::create(const Block &block, QWidget *parent) const
{
    switch (block.kind) {
    case Block::Kind::Paragraph:
        if (const Inline *image = soleImage(block))
            return new ImagePlaceholderWidget(*image, parent);
        return new TextBlockWidget(block, m_links, parent);
    case Block::Kind::Heading:
        return new TextBlockWidget(block, m_links, parent);
    case Block::Kind::CodeBlock:
        return new CodeBlockWidget(block, parent);
    case Block::Kind::Quote:
        return new QuoteBlockWidget(block, *this, parent);
    case Block::Kind::List:
        return new ListBlockWidget(block, *this, parent);
    case Block::Kind::Item: {
        // Items normally live inside a list; a stray one is shown as a one-item list.
        Block list;
        list.kind = Block::Kind::List;
        list.children.push_back(block);
        return new ListBlockWidget(list, *this, parent);
    }
    case Block::Kind::Table:
        return new TableBlockWidget(block, m_links, parent);
    case Block::Kind::ThematicBreak:
        return new RuleWidget(parent);
    }
    return new TextBlockWidget(block, m_links, parent);
}

const Inline *BlockWidgetFactory::soleImage(const Block &block)
{
    if (block.kind != Block::Kind::Paragraph || block.plainFallback)
        return nullptr;
    const Inline *image = nullptr;
    for (const Inline &item : block.inlines) {
        if (item.kind == Inline::Kind::Image && !image)
            image = &item;
        else if (!(item.kind == Inline::Kind::Text && item.text.trimmed().isEmpty()))
            return nullptr;
    }
    return image;
}

} // namespace streamcanvas::gui
