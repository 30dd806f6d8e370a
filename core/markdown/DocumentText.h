#pragma once

#include "markdown/Document.h"

namespace streamcanvas::markdown {

// The document model as plain text: links as "text <destination>", images as
// "[image: alt — host]", tables with " | " between cells. Used by the CLI and for copying.
class DocumentText
{
public:
    static QString toText(const Document &document);
    static QString toText(const Blocks &blocks);
    static QString inlineText(const Inlines &inlines);
};

} // namespace streamcanvas::markdown
