#pragma once

#include <QObject>
#include <QTimer>

#include <functional>

class QDialog;

namespace streamcanvas::testsupport {

// Answers modal dialogs the way a person would, so that code which calls QDialog::exec()
// can be tested without blocking: every visible modal dialog is first handed to the
// inspector, then its "openButton" (or accept()) is clicked, or it is rejected.
class ModalDialogWatcher : public QObject
{
    Q_OBJECT

public:
    enum class Answer { Accept, Reject };

    explicit ModalDialogWatcher(Answer answer, QObject *parent = nullptr);

    void setInspector(std::function<void(QDialog *)> inspector) { m_inspector = std::move(inspector); }
    // How many dialogs were shown (and answered) so far.
    int seen() const { return m_seen; }

private:
    void poll();

    Answer m_answer;
    std::function<void(QDialog *)> m_inspector;
    QTimer m_timer;
    int m_seen = 0;
};

} // namespace streamcanvas::testsupport
