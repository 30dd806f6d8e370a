#pragma once

#include "InlineWriter.h"

#include <QTextBrowser>

#include <vector>

namespace streamcanvas::gui {

class LinkActivator;

// A read-only text view for one block, sized to its content (no scroll bars of its own).
// It never opens a link or loads a resource itself: a click on an anchor is handed to the
// LinkActivator, which asks the user first.
class DocumentTextView : public QTextBrowser
{
    Q_OBJECT

public:
    explicit DocumentTextView(LinkActivator &links, QWidget *parent = nullptr);

    const std::vector<LinkTarget> &links() const { return m_links; }

    // The usual text context menu, except that "Copy Link Location" copies the link's real
    // destination (the anchors themselves only hold an index). The caller owns the menu.
    QMenu *createContextMenu(const QPoint &position);

protected:
    InlineWriter writerAt(const QTextCursor &cursor) { return InlineWriter(cursor, palette(), m_links); }
    QVariant loadResource(int type, const QUrl &name) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;

private:
    void adjustHeight();
    void onAnchorClicked(const QUrl &url);
    void onHighlighted(const QUrl &url);
    const LinkTarget *target(const QUrl &anchor) const;

    LinkActivator &m_activator;
    std::vector<LinkTarget> m_links;
};

} // namespace streamcanvas::gui
