#pragma once

#include "markdown/ParseOptions.h"

#include <QByteArrayView>
#include <QString>

namespace streamcanvas::conformance {

// md4c 0.4.8's own HTML for an input, with the same extensions. Never the thing under
// test: it only tells whether a difference is md4c's (its output differs from the spec
// too) or ours (the model differs from what md4c itself reported).
class Md4cReference
{
public:
    enum class RawHtml { Allowed, AsText };
    static QString toHtml(QByteArrayView markdown, markdown::Extensions extensions, RawHtml rawHtml);
};

} // namespace streamcanvas::conformance
