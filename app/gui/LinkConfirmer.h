#pragma once

#include <QString>

class QWidget;

namespace streamcanvas::gui {

// Asks the user whether a link from model output may be opened. The real implementation
// shows LinkConfirmationDialog; it is an interface so that the decision can be scripted.
class LinkConfirmer
{
public:
    virtual ~LinkConfirmer() = default;
    // `href` is the link's destination as parsed, `visibleText` what the answer showed for it.
    // Returns true only when the user chose to open it.
    virtual bool confirm(const QString &href, const QString &visibleText, QWidget *parent) = 0;
};

} // namespace streamcanvas::gui
