#include "CodeBlockWidget.h"

#include "MonospaceFont.h"

#include <QAbstractTextDocumentLayout>
#include <QClipboard>
#include <QEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <QtMath>

namespace streamcanvas::gui {

namespace {
constexpr int tabWidthInSpaces = 4;
}

CodeBlockWidget::CodeBlockWidget(const markdown::Block &block, QWidget *parent)
    : QFrame(parent)
    , m_code(block.code)
{
    setObjectName(QStringLiteral("codeBlock"));
    setFrameShape(QFrame::StyledPanel);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 6);
    layout->setSpacing(2);

    auto *header = new QHBoxLayout;
    m_language = new QLabel(this);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->setTextFormat(Qt::PlainText);
    m_language->setText(block.language.isEmpty() ? tr("code") : block.language);
    QPalette mutedPalette = m_language->palette();
    mutedPalette.setColor(QPalette::WindowText, mutedPalette.color(QPalette::PlaceholderText));
    m_language->setPalette(mutedPalette);
    header->addWidget(m_language);
    header->addStretch();
    m_copy = new QPushButton(tr("Copy"), this);
    m_copy->setObjectName(QStringLiteral("copyButton"));
    m_copy->setToolTip(tr("Copy the code exactly as shown"));
    m_copy->setFlat(true);
    connect(m_copy, &QPushButton::clicked, this, &CodeBlockWidget::copyToClipboard);
    header->addWidget(m_copy);
    layout->addLayout(header);

    m_editor = new QPlainTextEdit(this);
    m_editor->setObjectName(QStringLiteral("code"));
    m_editor->setReadOnly(true);
    m_editor->setUndoRedoEnabled(false);
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_editor->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_editor->setFrameShape(QFrame::NoFrame);
    const QFont fixed = MonospaceFont::font();
    m_editor->setFont(fixed);
    m_editor->setTabStopDistance(QFontMetricsF(fixed).horizontalAdvance(QLatin1Char(' ')) * tabWidthInSpaces);
    // The fence's final newline is part of the code (and is copied) but is not an extra line.
    QString shown = m_code;
    if (shown.endsWith(QLatin1Char('\n')))
        shown.chop(1);
    m_editor->setPlainText(shown);
    m_editor->installEventFilter(this);
    m_editor->viewport()->installEventFilter(this);
    layout->addWidget(m_editor);

    adjustHeight();
}

void CodeBlockWidget::copyToClipboard()
{
    QGuiApplication::clipboard()->setText(m_code);
    m_copy->setText(tr("Copied"));
    QTimer::singleShot(1500, m_copy, [copy = m_copy] { copy->setText(tr("Copy")); });
}

bool CodeBlockWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize && watched == m_editor) {
        adjustHeight();
    } else if (event->type() == QEvent::Wheel && watched == m_editor->viewport()) {
        // Vertical scrolling belongs to the message list; only sideways scrolling is ours.
        const auto *wheel = static_cast<QWheelEvent *>(event);
        if (wheel->angleDelta().x() == 0 && !(wheel->modifiers() & Qt::ShiftModifier)) {
            event->ignore();
            return true;
        }
    }
    return QFrame::eventFilter(watched, event);
}

void CodeBlockWidget::adjustHeight()
{
    // Measured from the laid-out lines, so the block is exactly as tall as its code.
    const QTextDocument *document = m_editor->document();
    const QAbstractTextDocumentLayout *layout = document->documentLayout();
    qreal lines = 0;
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next())
        lines += layout->blockBoundingRect(block).height();
    int height = qCeil(lines + 2 * document->documentMargin()) + 2 * m_editor->frameWidth();
    if (m_editor->horizontalScrollBar()->maximum() > 0)
        height += m_editor->horizontalScrollBar()->sizeHint().height();
    if (m_editor->height() != height)
        m_editor->setFixedHeight(height);
}

} // namespace streamcanvas::gui
