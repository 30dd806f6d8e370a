#include "MonospaceFont.h"

#include <QFontDatabase>
#include <QFontInfo>
#include <QStringList>

namespace streamcanvas::gui {

QFont MonospaceFont::font()
{
    const QFont system = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (QFontInfo(system).fixedPitch())
        return system;
    QStringList candidates{QStringLiteral("DejaVu Sans Mono"), QStringLiteral("Noto Mono"),
        QStringLiteral("Liberation Mono"), QStringLiteral("Menlo"), QStringLiteral("Consolas"),
        QStringLiteral("Courier New")};
    const QStringList families = QFontDatabase::families();
    for (const QString &family : families) {
        if (QFontDatabase::isFixedPitch(family))
            candidates.append(family);
    }
    for (const QString &family : std::as_const(candidates)) {
        QFont font(family);
        font.setPointSizeF(system.pointSizeF());
        font.setStyleHint(QFont::TypeWriter);
        if (QFontInfo(font).fixedPitch() && QFontInfo(font).family() == family)
            return font;
    }
    return system;
}

} // namespace streamcanvas::gui
