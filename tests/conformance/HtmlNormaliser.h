#pragma once

#include <QString>

namespace streamcanvas::conformance {

// Puts HTML into a canonical form so that equivalent output compares equal, in the spirit
// of the CommonMark tools' normalize.py: whitespace around block tags is dropped and runs
// of whitespace (Unicode, as in Python) outside <pre> collapse to one space; attributes are sorted, a bare
// attribute becomes name=""; entities and character references are decoded and the text
// re-escaped one way; <br> and <br /> are the same; URLs are percent-encoded one way.
// Beyond normalize.py it also erases what differs only between md4c's and cmark-gfm's
// printers: the task list classes and the space after a checkbox, an empty title, and the
// order of two inline tags that wrap exactly the same content.
class HtmlNormaliser
{
public:
    enum class Nesting {
        Keep,
        Flatten, // drop an inline mark nested in the same mark (<em><em>x</em></em>)
    };
    static QString normalise(const QString &html, Nesting nesting = Nesting::Keep);
};

} // namespace streamcanvas::conformance
