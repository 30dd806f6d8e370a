#pragma once

#include "markdown/Document.h"

#include <QFrame>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace streamcanvas::gui {

// A fenced or indented code block: monospace, the language as a label, and a button that
// copies the code exactly as it was sent (tabs, trailing spaces and all).
class CodeBlockWidget : public QFrame
{
    Q_OBJECT

public:
    explicit CodeBlockWidget(const markdown::Block &block, QWidget *parent = nullptr);

    const QString &code() const { return m_code; }
    QPlainTextEdit *editor() const { return m_editor; }
    QPushButton *copyButton() const { return m_copy; }

    void copyToClipboard();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void adjustHeight();

    QString m_code;
    QLabel *m_language = nullptr;
    QPushButton *m_copy = nullptr;
    QPlainTextEdit *m_editor = nullptr;
};

} // namespace streamcanvas::gui
