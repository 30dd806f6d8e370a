#pragma once

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace streamcanvas::gui {

// Shown before a link from model output is opened. It shows the full destination as it
// will be opened (an internationalised host in punycode, so look-alike letters cannot
// hide the real host) and warns when the link's text looks like a different address.
// Everything here is plain text; "Cancel" is the default button.
class LinkConfirmationDialog : public QDialog
{
    Q_OBJECT

public:
    LinkConfirmationDialog(const QString &href, const QString &visibleText, QWidget *parent = nullptr);

    QString destination() const;
    QString host() const;
    bool warnsAboutText() const;

private:
    QPlainTextEdit *m_destination = nullptr;
    QLabel *m_host = nullptr;
    QLabel *m_warning = nullptr;
    QLabel *m_idnNote = nullptr;
    QString m_hostText;
    bool m_misleading = false;
};

} // namespace streamcanvas::gui
