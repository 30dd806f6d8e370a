#pragma once

#include <QByteArrayView>
#include <QString>

namespace streamcanvas::markdown {

// Makes untrusted text safe to show as plain text: invalid UTF-8 and NUL become U+FFFD;
// bidi controls, invisible and tag characters and C0/C1 controls (other than tab and
// newline) are replaced by a visible token such as "⟨U+202E⟩" or "␛", and counted so
// the UI can badge "hidden characters".
class TextSanitizer
{
public:
    // Decodes UTF-8 and sanitizes; adds the number of replaced characters to *hidden.
    static QString fromUtf8(QByteArrayView bytes, int *hidden);
    // Sanitizes an already decoded string in place; returns how many were replaced.
    static int sanitize(QString &text);
    static bool isHidden(char32_t codePoint);
    // The visible stand-in for a hidden code point.
    static QString visibleToken(char32_t codePoint);
};

} // namespace streamcanvas::markdown
