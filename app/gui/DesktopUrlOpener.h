#pragma once

#include "UrlOpener.h"

namespace streamcanvas::gui {

// Opens URLs with the desktop's default handler (QDesktopServices).
class DesktopUrlOpener final : public UrlOpener
{
public:
    void open(const QUrl &url) override;
};

} // namespace streamcanvas::gui
