#pragma once

#include "BlockWidgetFactory.h"
#include "markdown/Document.h"
#include "markdown/StreamingMarkdown.h"

#include <QList>
#include <QWidget>

#include <vector>

class QLabel;
class QVBoxLayout;

namespace streamcanvas::gui {

class LinkActivator;

// One answer, shown as one native widget per top-level block. Updates from
// StreamingMarkdown touch only the changed tail: widgets before `firstChanged` are left
// alone, and a replacement block equal to the one already shown keeps its widget.
class MessageView : public QWidget
{
    Q_OBJECT

public:
    explicit MessageView(LinkActivator &links, QWidget *parent = nullptr);

    void applyUpdate(const markdown::Update &update);
    // Shows a whole document at once (blocks, notices and the hidden-character badge).
    void setDocument(const markdown::Document &document);
    void clear();

    void setNotices(const QList<markdown::Notice> &notices);
    void setHiddenCharacters(int count);

    int blockCount() const { return int(m_entries.size()); }
    QWidget *blockWidget(int index) const;
    const markdown::Block &block(int index) const;

    static QString noticeText(markdown::Notice::Kind kind);

private:
    struct Entry {
        markdown::Block block;
        QWidget *widget = nullptr;
    };

    BlockWidgetFactory m_factory;
    std::vector<Entry> m_entries;
    QVBoxLayout *m_blocks = nullptr;
    QVBoxLayout *m_notices = nullptr;
    QLabel *m_hiddenBadge = nullptr;
    QList<markdown::Notice> m_shownNotices;
};

} // namespace streamcanvas::gui
