#include "LinkConfirmationDialog.h"

#include "MonospaceFont.h"
#include "PlainLabel.h"
#include "markdown/LinkSafety.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace streamcanvas::gui {

using markdown::LinkSafety;

namespace {

bool isPunycode(const QString &host)
{
    return host.startsWith(u"xn--") || host.contains(u".xn--");
}

} // namespace

LinkConfirmationDialog::LinkConfirmationDialog(const QString &href, const QString &visibleText, QWidget *parent)
    : QDialog(parent)
    , m_hostText(LinkSafety::displayHost(href))
    , m_misleading(LinkSafety::textMisleads(visibleText, href))
{
    setWindowTitle(tr("Open link?"));
    setModal(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(PlainLabel::create(tr("The answer links to this address:"), this));

    // A text field rather than a label: a long address wraps anywhere and stays complete.
    m_destination = new QPlainTextEdit(this);
    m_destination->setObjectName(QStringLiteral("destination"));
    m_destination->setReadOnly(true);
    m_destination->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_destination->setWordWrapMode(QTextOption::WrapAnywhere);
    m_destination->setFont(MonospaceFont::font());
    m_destination->setPlainText(LinkSafety::displayUrl(href));
    m_destination->setFixedHeight(m_destination->fontMetrics().lineSpacing() * 4 + 12);
    layout->addWidget(m_destination);

    m_host = PlainLabel::create(m_hostText.isEmpty() ? tr("Host: (none)") : tr("Host: %1").arg(m_hostText), this);
    m_host->setObjectName(QStringLiteral("host"));
    m_host->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont hostFont = m_host->font();
    hostFont.setBold(true);
    m_host->setFont(hostFont);
    layout->addWidget(m_host);

    m_idnNote = PlainLabel::create(tr("This host uses international characters. It is shown in its ASCII form so that "
                                      "look-alike letters cannot disguise it."),
        this);
    m_idnNote->setObjectName(QStringLiteral("idnNote"));
    m_idnNote->setVisible(isPunycode(m_hostText));
    layout->addWidget(m_idnNote);

    m_warning = PlainLabel::create(tr("Warning: the link text \u201c%1\u201d looks like a different address than "
                                      "where the link really goes.")
                                       .arg(visibleText),
        this);
    m_warning->setObjectName(QStringLiteral("warning"));
    QPalette warningPalette = m_warning->palette();
    warningPalette.setColor(QPalette::WindowText, QColor(0xb0, 0x1c, 0x1c));
    m_warning->setPalette(warningPalette);
    m_warning->setVisible(m_misleading);
    layout->addWidget(m_warning);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *open = buttons->addButton(tr("Open"), QDialogButtonBox::AcceptRole);
    open->setObjectName(QStringLiteral("openButton"));
    open->setAutoDefault(false);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setDefault(true);
    cancel->setFocus();
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    resize(520, sizeHint().height());
}

QString LinkConfirmationDialog::destination() const
{
    return m_destination->toPlainText();
}

QString LinkConfirmationDialog::host() const
{
    return m_hostText;
}

bool LinkConfirmationDialog::warnsAboutText() const
{
    return m_misleading;
}

} // namespace streamcanvas::gui
