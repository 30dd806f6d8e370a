#pragma once

#include <QUrl>

namespace streamcanvas::gui {

// Hands a URL the user has confirmed to the outside world (the desktop's browser).
// An interface so that tests can see what would have been opened without opening it.
class UrlOpener
{
public:
    virtual ~UrlOpener() = default;
    virtual void open(const QUrl &url) = 0;
};

} // namespace streamcanvas::gui
