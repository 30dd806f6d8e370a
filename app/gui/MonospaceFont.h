#pragma once

#include <QFont>

namespace streamcanvas::gui {

// The font for code. The system's "fixed" font is not always fixed-pitch (some font
// setups resolve "monospace" to a font Qt measures as proportional); code must line up.
class MonospaceFont
{
public:
    static QFont font();
};

} // namespace streamcanvas::gui
