#pragma once

#include <QObject>

class QSocketNotifier;

namespace streamcanvas::cli {

// Turns Ctrl-C (SIGINT) and SIGTERM into a Qt signal on the main thread, so a command can
// stop cleanly and keep what it has. Only one may exist at a time.
class InterruptWatcher : public QObject
{
    Q_OBJECT

public:
    explicit InterruptWatcher(QObject *parent = nullptr);
    ~InterruptWatcher() override;

Q_SIGNALS:
    void interrupted();

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace streamcanvas::cli
