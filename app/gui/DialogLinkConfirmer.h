#pragma once

#include "LinkConfirmer.h"

namespace streamcanvas::gui {

// Asks with a modal LinkConfirmationDialog.
class DialogLinkConfirmer final : public LinkConfirmer
{
public:
    bool confirm(const QString &href, const QString &visibleText, QWidget *parent) override;
};

} // namespace streamcanvas::gui
