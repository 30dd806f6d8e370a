#pragma once

#include "markdown/Document.h"

#include <QFrame>

class QLabel;

namespace streamcanvas::gui {

// Stands in for an image in the answer. Images are never loaded: fetching one would tell
// its host that (and when) the answer was read. The card shows the alt text and the host.
class ImagePlaceholderWidget : public QFrame
{
    Q_OBJECT

public:
    explicit ImagePlaceholderWidget(const markdown::Inline &image, QWidget *parent = nullptr);

    QString altText() const;
    QString hostText() const;

private:
    QLabel *m_alt = nullptr;
    QLabel *m_host = nullptr;
};

} // namespace streamcanvas::gui
