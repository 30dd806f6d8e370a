#include "DialogLinkConfirmer.h"

#include "LinkConfirmationDialog.h"

namespace streamcanvas::gui {

bool DialogLinkConfirmer::confirm(const QString &href, const QString &visibleText, QWidget *parent)
{
    LinkConfirmationDialog dialog(href, visibleText, parent);
    return dialog.exec() == QDialog::Accepted;
}

} // namespace streamcanvas::gui
