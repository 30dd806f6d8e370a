#include "MessageView.h"

#include "PlainLabel.h"

#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace streamcanvas::gui {

using markdown::Block;
using markdown::Notice;

MessageView::MessageView(LinkActivator &links, QWidget *parent)
    : QWidget(parent)
    , m_factory(links)
{
    setObjectName(QStringLiteral("messageView"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(8);

    m_notices = new QVBoxLayout;
    m_notices->setSpacing(4);
    layout->addLayout(m_notices);

    m_hiddenBadge = PlainLabel::create(QString(), this);
    m_hiddenBadge->setWordWrap(false);
    m_hiddenBadge->setObjectName(QStringLiteral("hiddenCharactersBadge"));
    m_hiddenBadge->setToolTip(tr("Invisible or direction-changing characters in this answer are shown as "
                                 "visible markers such as \u27e8U+202E\u27e9."));
    m_hiddenBadge->setFrameShape(QFrame::StyledPanel);
    m_hiddenBadge->setContentsMargins(4, 1, 4, 1);
    m_hiddenBadge->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    m_hiddenBadge->hide();
    layout->addWidget(m_hiddenBadge);

    m_blocks = new QVBoxLayout;
    m_blocks->setSpacing(8);
    layout->addLayout(m_blocks);
    layout->addStretch(1);
}

void MessageView::applyUpdate(const markdown::Update &update)
{
    if (!update.changed)
        return;
    const size_t first = size_t(std::clamp(update.firstChanged, 0, blockCount()));

    std::vector<Entry> previous(
        std::make_move_iterator(m_entries.begin() + qsizetype(first)), std::make_move_iterator(m_entries.end()));
    m_entries.resize(first);

    // Positions before `first` never move, so an entry kept or created at index i sits at
    // layout index i as long as the widgets are handled in order.
    for (size_t i = 0; i < update.replacement.size(); ++i) {
        const Block &block = update.replacement[i];
        if (i < previous.size() && previous[i].block == block) {
            m_entries.push_back(std::move(previous[i]));
            previous[i].widget = nullptr;
            continue;
        }
        if (i < previous.size()) {
            delete previous[i].widget;
            previous[i].widget = nullptr;
        }
        QWidget *widget = m_factory.create(block, this);
        m_blocks->insertWidget(int(first + i), widget);
        // Shown now rather than on the next event loop pass, so the block never blinks out.
        widget->show();
        m_entries.push_back({block, widget});
    }
    for (Entry &stale : previous)
        delete stale.widget;
}

void MessageView::setDocument(const markdown::Document &document)
{
    markdown::Update all;
    all.firstChanged = 0;
    all.replacement = document.blocks;
    all.finalCount = int(document.blocks.size());
    all.changed = true;
    applyUpdate(all);
    setNotices(document.notices);
    setHiddenCharacters(document.hiddenCharacters);
}

void MessageView::clear()
{
    for (Entry &entry : m_entries)
        delete entry.widget;
    m_entries.clear();
    setNotices({});
    setHiddenCharacters(0);
}

void MessageView::setNotices(const QList<Notice> &notices)
{
    if (notices == m_shownNotices)
        return;
    m_shownNotices = notices;
    while (QLayoutItem *item = m_notices->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    QList<Notice::Kind> seen;
    for (const Notice &notice : notices) {
        if (seen.contains(notice.kind))
            continue;
        seen.append(notice.kind);
        QLabel *label = PlainLabel::create(noticeText(notice.kind), this);
        label->setObjectName(QStringLiteral("notice"));
        label->setFrameShape(QFrame::StyledPanel);
        label->setContentsMargins(6, 3, 6, 3);
        m_notices->addWidget(label);
    }
}

void MessageView::setHiddenCharacters(int count)
{
    m_hiddenBadge->setText(tr("%n hidden character(s) made visible", nullptr, count));
    m_hiddenBadge->setVisible(count > 0);
}

QWidget *MessageView::blockWidget(int index) const
{
    return m_entries.at(size_t(index)).widget;
}

const Block &MessageView::block(int index) const
{
    return m_entries.at(size_t(index)).block;
}

QString MessageView::noticeText(Notice::Kind kind)
{
    switch (kind) {
    case Notice::Kind::Truncated:
        return tr("This answer is longer than the display limit; the rest is not shown.");
    case Notice::Kind::NestingFlattened:
        return tr("Quotes or lists nested too deeply were flattened.");
    case Notice::Kind::TableColumnsLimited:
        return tr("A table had too many columns; the extra columns are not shown.");
    case Notice::Kind::LinkBudgetExceeded:
        return tr("This answer contains too many links; the rest are shown as text.");
    case Notice::Kind::ComplexContent:
        return tr("Some content was too complex to format and is shown as plain text.");
    }
    return {};
}

} // namespace streamcanvas::gui
