#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <chrono>
#include <functional>

namespace streamcanvas::secrets {

// Runs QtKeychain jobs for one service, one at a time, and gives up on a job that does not
// finish in time.
//
// A job is started from the event loop, and what follows it runs from the event loop too,
// never from inside the job's `finished` handler: starting a job there is a known way to
// make QtKeychain's libsecret backend hang or crash.
//
// QtKeychain runs its own jobs one at a time as well, so a job that timed out still blocks
// the ones behind it: the next job waits until it finishes (or its own deadline passes)
// before it is handed to QtKeychain, so that nothing reported as failed happens later.
// Jobs never fall back to QtKeychain's plaintext file.
class KeychainJobRunner : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Read, Write, Delete };
    struct Outcome {
        QKeychain::Error error = QKeychain::NoError;
        QString errorString; // QtKeychain's, in English; never contains the value
        QByteArray data;     // what a read found
        bool timedOut = false;

        bool ok() const { return !timedOut && error == QKeychain::NoError; }
        bool notFound() const { return !timedOut && error == QKeychain::EntryNotFound; }
    };
    using Continuation = std::function<void(const Outcome &)>;

    KeychainJobRunner(const QString &service, std::chrono::milliseconds timeout, QObject *parent = nullptr);
    ~KeychainJobRunner() override;

    // Runs one job; `next` is called later from the event loop with its outcome. Only one job
    // at a time: call again from `next` at the earliest.
    void run(Kind kind, const QString &key, const QByteArray &data, Continuation next);

private:
    void startJob();
    void onJobFinished(QKeychain::Job *job);
    void onTimeout();
    void complete(const Outcome &outcome);

    const QString m_service;
    const std::chrono::milliseconds m_timeout;
    QTimer m_deadline;

    Kind m_kind = Kind::Read;
    QString m_key;
    QByteArray m_data;
    Continuation m_next;
    // The job in flight, and one that timed out but still holds QtKeychain's queue.
    QPointer<QKeychain::Job> m_job;
    QPointer<QKeychain::Job> m_stuckJob;
};

} // namespace streamcanvas::secrets
