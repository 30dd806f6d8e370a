#include "secrets/KeychainJobRunner.h"

namespace streamcanvas::secrets {

KeychainJobRunner::KeychainJobRunner(const QString &service, std::chrono::milliseconds timeout, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_timeout(timeout)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &KeychainJobRunner::onTimeout);
}

// Jobs still in flight are not deleted: QtKeychain's backends call back into them, so they
// finish and delete themselves.
KeychainJobRunner::~KeychainJobRunner() = default;

void KeychainJobRunner::run(Kind kind, const QString &key, const QByteArray &data, Continuation next)
{
    Q_ASSERT_X(!m_next, "KeychainJobRunner::run", "one job at a time");
    m_kind = kind;
    m_key = key;
    m_data = data;
    m_next = std::move(next);
    // The deadline also bounds the wait for a stuck job ahead of this one.
    m_deadline.start(m_timeout);
    QMetaObject::invokeMethod(this, &KeychainJobRunner::startJob, Qt::QueuedConnection);
}

void KeychainJobRunner::startJob()
{
    if (!m_next || m_job || m_stuckJob)
        return;

    QKeychain::Job *job = nullptr;
    switch (m_kind) {
    case Kind::Read:
        job = new QKeychain::ReadPasswordJob(m_service);
        break;
    case Kind::Write: {
        auto *write = new QKeychain::WritePasswordJob(m_service);
        write->setBinaryData(m_data);
        job = write;
        break;
    }
    case Kind::Delete:
        job = new QKeychain::DeletePasswordJob(m_service);
        break;
    }
    m_data.clear();
    job->setKey(m_key);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    connect(job, &QKeychain::Job::finished, this, &KeychainJobRunner::onJobFinished);
    m_job = job;
    m_deadline.start(m_timeout);
    job->start();
}

void KeychainJobRunner::onJobFinished(QKeychain::Job *job)
{
    if (job == m_stuckJob) {
        // QtKeychain's queue is free again: hand it the job that has been waiting, if any.
        m_stuckJob = nullptr;
        if (m_next && !m_job)
            QMetaObject::invokeMethod(this, &KeychainJobRunner::startJob, Qt::QueuedConnection);
        return;
    }
    if (job != m_job)
        return;
    m_job = nullptr;
    m_deadline.stop();

    Outcome outcome;
    outcome.error = job->error();
    outcome.errorString = job->errorString();
    if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(job); read && outcome.error == QKeychain::NoError)
        outcome.data = read->binaryData();
    // Whatever comes next may start a job: not from inside this handler.
    QMetaObject::invokeMethod(
        this, [this, outcome = std::move(outcome)] { complete(outcome); }, Qt::QueuedConnection);
}

void KeychainJobRunner::onTimeout()
{
    if (m_job) {
        // It stays connected: when it finally finishes, the queue moves again.
        m_stuckJob = m_job;
        m_job = nullptr;
    }
    Outcome outcome;
    outcome.timedOut = true;
    complete(outcome);
}

void KeychainJobRunner::complete(const Outcome &outcome)
{
    m_data.clear();
    if (Continuation next = std::exchange(m_next, {}))
        next(outcome);
}

} // namespace streamcanvas::secrets
