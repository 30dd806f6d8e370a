#include "ModalDialogWatcher.h"

#include <QApplication>
#include <QDialog>
#include <QPushButton>
#include <QTest>

namespace streamcanvas::testsupport {

ModalDialogWatcher::ModalDialogWatcher(Answer answer, QObject *parent)
    : QObject(parent)
    , m_answer(answer)
{
    m_timer.setInterval(10);
    connect(&m_timer, &QTimer::timeout, this, &ModalDialogWatcher::poll);
    m_timer.start();
}

void ModalDialogWatcher::poll()
{
    auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
    if (!dialog || !dialog->isVisible())
        return;
    ++m_seen;
    if (m_inspector)
        m_inspector(dialog);
    if (m_answer == Answer::Reject) {
        dialog->reject();
        return;
    }
    if (auto *open = dialog->findChild<QPushButton *>(QStringLiteral("openButton")))
        QTest::mouseClick(open, Qt::LeftButton);
    // A dialog without such a button (or one the click did not reach) is accepted directly.
    if (dialog->isVisible())
        dialog->accept();
}

} // namespace streamcanvas::testsupport
