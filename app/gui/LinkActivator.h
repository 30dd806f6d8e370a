#pragma once

#include <QObject>
#include <QStringList>

class QWidget;

namespace streamcanvas::gui {

class LinkConfirmer;
class UrlOpener;

// The only way a link from model output gets opened: its scheme must be allowed, the user
// must confirm the full destination, and only then is the URL handed to the UrlOpener.
class LinkActivator : public QObject
{
    Q_OBJECT

public:
    LinkActivator(QStringList allowedSchemes, LinkConfirmer &confirmer, UrlOpener &opener, QObject *parent = nullptr);

    // For click handlers. The confirmation runs once the click has been handled: while the
    // dialog is open the view keeps streaming and may replace the widget that was clicked.
    void requestActivation(const QString &href, const QString &visibleText, QWidget *origin);

    // Asks and opens; returns true when the link was opened.
    bool activate(const QString &href, const QString &visibleText, QWidget *parent);

    // The pointer is over a link (or, with an empty href, left it).
    void reportHover(const QString &href);

Q_SIGNALS:
    void refused(const QString &href);
    // Where the hovered link really goes, as the confirmation would show it; empty when none.
    void hovered(const QString &destination);

private:
    QStringList m_allowedSchemes;
    LinkConfirmer &m_confirmer;
    UrlOpener &m_opener;
};

} // namespace streamcanvas::gui
