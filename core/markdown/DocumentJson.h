#pragma once

#include "markdown/Document.h"

#include <QJsonObject>

namespace streamcanvas::markdown {

// The document model as JSON (see docs/document-model.md), so it can be checked from outside.
class DocumentJson
{
public:
    static QJsonObject toJson(const Document &document);
    static QJsonObject toJson(const Block &block);
};

} // namespace streamcanvas::markdown
