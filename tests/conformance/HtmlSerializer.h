#pragma once

#include "markdown/Document.h"

#include <QString>

namespace streamcanvas::conformance {

// Writes the document model as HTML, exactly as md4c's md_html (XHTML flavour) would for
// the same document, so the model can be compared with the spec's expected output.
// Test-only: the product never produces HTML.
//
// The model keeps marks as a set per run; nesting is rebuilt so that the mark that lasts
// longest opens first.
class HtmlSerializer
{
public:
    enum class Links {
        SafeOnly, // what the product offers: an unsafe link is shown as its content only
        All,      // every link as <a>, to tell an unsafe-link difference from any other
    };

    static QString toHtml(const markdown::Blocks &blocks, Links links = Links::SafeOnly);
    static QString escapeHtml(const QString &text);
    static QString escapeUrl(const QString &url);
};

} // namespace streamcanvas::conformance
