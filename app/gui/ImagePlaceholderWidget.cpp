#include "ImagePlaceholderWidget.h"

#include "PlainLabel.h"
#include "markdown/LinkSafety.h"

#include <QLabel>
#include <QVBoxLayout>

namespace streamcanvas::gui {

namespace {

QLabel *selectableLabel(const QString &text, QWidget *parent)
{
    QLabel *label = PlainLabel::create(text, parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

ImagePlaceholderWidget::ImagePlaceholderWidget(const markdown::Inline &image, QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("imagePlaceholder"));
    setFrameShape(QFrame::StyledPanel);
    setFrameShadow(QFrame::Plain);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);

    m_alt
        = selectableLabel(image.text.isEmpty() ? tr("Image (no description)") : tr("Image: %1").arg(image.text), this);
    m_alt->setObjectName(QStringLiteral("alt"));
    QFont altFont = m_alt->font();
    altFont.setItalic(true);
    m_alt->setFont(altFont);
    layout->addWidget(m_alt);

    const QString host = markdown::LinkSafety::displayHost(image.href);
    m_host = selectableLabel(host.isEmpty() ? tr("Not loaded") : tr("From %1 \u2014 not loaded").arg(host), this);
    m_host->setObjectName(QStringLiteral("host"));
    QPalette mutedPalette = m_host->palette();
    mutedPalette.setColor(QPalette::WindowText, mutedPalette.color(QPalette::PlaceholderText));
    m_host->setPalette(mutedPalette);
    layout->addWidget(m_host);
}

QString ImagePlaceholderWidget::altText() const
{
    return m_alt->text();
}

QString ImagePlaceholderWidget::hostText() const
{
    return m_host->text();
}

} // namespace streamcanvas::gui
