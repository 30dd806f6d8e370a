#include "LinkActivator.h"

#include "LinkConfirmer.h"
#include "UrlOpener.h"
#include "markdown/LinkSafety.h"

#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QWidget>

namespace streamcanvas::gui {

using markdown::LinkSafety;

LinkActivator::LinkActivator(QStringList allowedSchemes, LinkConfirmer &confirmer, UrlOpener &opener, QObject *parent)
    : QObject(parent)
    , m_allowedSchemes(std::move(allowedSchemes))
    , m_confirmer(confirmer)
    , m_opener(opener)
{
}

void LinkActivator::requestActivation(const QString &href, const QString &visibleText, QWidget *origin)
{
    QTimer::singleShot(0, this, [this, href, visibleText, origin = QPointer<QWidget>(origin)] {
        activate(href, visibleText, origin ? origin->window() : nullptr);
    });
}

bool LinkActivator::activate(const QString &href, const QString &visibleText, QWidget *parent)
{
    // The parser already refused unsafe links; checked again because this is the last gate.
    if (!LinkSafety::isAllowed(href, m_allowedSchemes)) {
        Q_EMIT refused(href);
        return false;
    }
    // Open exactly what the dialog shows.
    const QUrl url(LinkSafety::displayUrl(href), QUrl::StrictMode);
    if (!url.isValid() || url.isRelative()) {
        Q_EMIT refused(href);
        return false;
    }
    if (!m_confirmer.confirm(href, visibleText, parent))
        return false;
    m_opener.open(url);
    return true;
}

void LinkActivator::reportHover(const QString &href)
{
    Q_EMIT hovered(href.isEmpty() ? QString() : LinkSafety::displayUrl(href));
}

} // namespace streamcanvas::gui
