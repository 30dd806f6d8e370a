#pragma once

#include "UrlOpener.h"

#include <QList>

namespace streamcanvas::testsupport {

// Remembers what would have been opened instead of starting a browser.
class RecordingUrlOpener final : public gui::UrlOpener
{
public:
    void open(const QUrl &url) override;

    QList<QUrl> opened;
};

} // namespace streamcanvas::testsupport
