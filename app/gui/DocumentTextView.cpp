#include "DocumentTextView.h"

#include "LinkActivator.h"
#include "markdown/LinkSafety.h"

#include <QAbstractTextDocumentLayout>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QGuiApplication>
#include <QMenu>
#include <QScrollBar>
#include <QWheelEvent>
#include <QtMath>

#include <memory>

namespace streamcanvas::gui {

DocumentTextView::DocumentTextView(LinkActivator &links, QWidget *parent)
    : QTextBrowser(parent)
    , m_activator(links)
{
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setReadOnly(true);
    setUndoRedoEnabled(false);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    // Blend into the message instead of looking like an input field.
    QPalette flat = palette();
    flat.setColor(QPalette::Base, flat.color(QPalette::Window));
    setPalette(flat);
    document()->setDocumentMargin(2);

    connect(document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
        &DocumentTextView::adjustHeight);
    connect(this, &QTextBrowser::anchorClicked, this, &DocumentTextView::onAnchorClicked);
    connect(this, &QTextBrowser::highlighted, this, &DocumentTextView::onHighlighted);
}

QVariant DocumentTextView::loadResource(int, const QUrl &)
{
    // Nothing shown here is ever fetched, not even from the local disk.
    return {};
}

QMenu *DocumentTextView::createContextMenu(const QPoint &position)
{
    // This view never scrolls, so viewport and document coordinates are the same.
    QMenu *menu = createStandardContextMenu(position);
    const LinkTarget *link = target(QUrl(anchorAt(position)));
    const QList<QAction *> actions = menu->actions();
    for (QAction *action : actions) {
        if (action->objectName() != u"link-copy")
            continue;
        if (!link) {
            menu->removeAction(action);
            continue;
        }
        action->disconnect();
        action->setEnabled(true);
        connect(action, &QAction::triggered, this,
            [href = link->href] { QGuiApplication::clipboard()->setText(markdown::LinkSafety::displayUrl(href)); });
    }
    return menu;
}

void DocumentTextView::contextMenuEvent(QContextMenuEvent *event)
{
    const std::unique_ptr<QMenu> menu(createContextMenu(event->pos()));
    menu->exec(event->globalPos());
}

void DocumentTextView::resizeEvent(QResizeEvent *event)
{
    QTextBrowser::resizeEvent(event);
    adjustHeight();
}

void DocumentTextView::wheelEvent(QWheelEvent *event)
{
    // This view never scrolls; let the message list scroll instead.
    event->ignore();
}

void DocumentTextView::adjustHeight()
{
    const int height = qCeil(document()->size().height()) + 2 * frameWidth();
    if (height != this->height() || minimumHeight() != height)
        setFixedHeight(height);
}

const LinkTarget *DocumentTextView::target(const QUrl &anchor) const
{
    bool ok = false;
    const qsizetype index = anchor.toString().toLongLong(&ok);
    if (!ok || index < 0 || index >= qsizetype(m_links.size()))
        return nullptr;
    return &m_links[size_t(index)];
}

void DocumentTextView::onAnchorClicked(const QUrl &url)
{
    if (const LinkTarget *link = target(url))
        m_activator.requestActivation(link->href, link->visibleText, this);
}

void DocumentTextView::onHighlighted(const QUrl &url)
{
    const LinkTarget *link = target(url);
    m_activator.reportHover(link ? link->href : QString());
}

} // namespace streamcanvas::gui
