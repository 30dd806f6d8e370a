#include "DesktopUrlOpener.h"

#include <QDesktopServices>

namespace streamcanvas::gui {

void DesktopUrlOpener::open(const QUrl &url)
{
    QDesktopServices::openUrl(url);
}

} // namespace streamcanvas::gui
