#include "secrets/KeychainSecretStore.h"

#include "secrets/KeychainJobRunner.h"
#include "secrets/SecretParts.h"

#ifdef STREAMCANVAS_SECRET_SERVICE
#include "secrets/SecretServiceProbe.h"
#endif

#include <QPointer>
#include <QThread>

namespace streamcanvas::secrets {

struct KeychainSecretStore::Operation {
    enum class Kind { Read, Write, Remove };

    Kind kind = Kind::Read;
    QString key;
    QPointer<QObject> context;
    SecretCallback done;
    // Read: the parts read so far. Write: the parts to write.
    QList<QByteArray> parts;
    // How many parts the stored value has (read, remove) or had (write).
    int storedParts = 0;
    // The next part to write or remove.
    int next = 0;
};

namespace {

using Outcome = KeychainJobRunner::Outcome;

SecretResult resultFor(SecretError error, const QString &message)
{
    SecretResult result;
    result.error = error;
    result.message = message;
    return result;
}

SecretResult damaged()
{
    // NotFound: whoever needs it asks for it again, and the next write repairs it.
    return resultFor(SecretError::NotFound, KeychainSecretStore::tr("The value saved in the keychain is damaged."));
}

// What a failed job means for the user. Never mentions the value (QtKeychain's error
// strings do not contain it).
SecretResult failureFor(const Outcome &outcome)
{
    if (outcome.timedOut)
        return resultFor(
            SecretError::Locked, KeychainSecretStore::tr("The keychain did not answer; it may be locked."));

    switch (outcome.error) {
    case QKeychain::NoError:
        break;
    case QKeychain::EntryNotFound:
        return resultFor(SecretError::NotFound, secretErrorMessage(SecretError::NotFound));
    case QKeychain::NoBackendAvailable:
        return resultFor(SecretError::NoService, secretErrorMessage(SecretError::NoService));
    case QKeychain::AccessDeniedByUser:
        return resultFor(SecretError::AccessDenied, secretErrorMessage(SecretError::AccessDenied));
    case QKeychain::AccessDenied:
#ifdef STREAMCANVAS_SECRET_SERVICE
        // libsecret reports a locked collection (SECRET_ERROR_IS_LOCKED) and KWallet a
        // wallet it could not open this way.
        return resultFor(SecretError::Locked, secretErrorMessage(SecretError::Locked));
#else
        return resultFor(SecretError::AccessDenied, secretErrorMessage(SecretError::AccessDenied));
#endif
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        break;
    }

#ifdef STREAMCANVAS_SECRET_SERVICE
    // libsecret reports a missing service or session bus as a plain D-Bus error.
    if (!SecretServiceProbe::serviceAvailable())
        return resultFor(SecretError::NoService, secretErrorMessage(SecretError::NoService));
#endif
    return resultFor(
        SecretError::Other, KeychainSecretStore::tr("The keychain reported an error: %1").arg(outcome.errorString));
}

} // namespace

int KeychainSecretStore::platformMaxValueBytes()
{
#ifdef Q_OS_WIN
    return 2000;
#else
    return 0;
#endif
}

KeychainSecretStore::KeychainSecretStore(
    const QString &service, int maxValueBytes, QObject *parent, std::chrono::milliseconds timeout)
    : QObject(parent)
    , m_service(service)
    , m_maxValueBytes(maxValueBytes)
    , m_timeout(timeout)
    , m_runner(new KeychainJobRunner(service, timeout, this))
{
}

KeychainSecretStore::~KeychainSecretStore() = default;

void KeychainSecretStore::read(const QString &key, QObject *context, SecretCallback done)
{
    auto operation = std::make_unique<Operation>();
    operation->kind = Operation::Kind::Read;
    operation->key = key;
    operation->context = context;
    operation->done = std::move(done);
    enqueue(std::move(operation));
}

void KeychainSecretStore::write(const QString &key, const QByteArray &value, QObject *context, SecretCallback done)
{
    auto operation = std::make_unique<Operation>();
    operation->kind = Operation::Kind::Write;
    operation->key = key;
    operation->context = context;
    operation->done = std::move(done);
    operation->parts = SecretParts::split(value, m_maxValueBytes);
    enqueue(std::move(operation));
}

void KeychainSecretStore::remove(const QString &key, QObject *context, SecretCallback done)
{
    auto operation = std::make_unique<Operation>();
    operation->kind = Operation::Kind::Remove;
    operation->key = key;
    operation->context = context;
    operation->done = std::move(done);
    enqueue(std::move(operation));
}

void KeychainSecretStore::enqueue(std::unique_ptr<Operation> operation)
{
    Q_ASSERT_X(operation->context, "KeychainSecretStore", "a context object is required");
    Q_ASSERT_X(!operation->key.contains(u'#'), "KeychainSecretStore", "'#' names the parts of a value");
    Q_ASSERT_X(QThread::currentThread() == thread(), "KeychainSecretStore", "call it from its own thread");
    m_queue.push_back(std::move(operation));
    if (!m_current)
        startNextOperation();
}

void KeychainSecretStore::startNextOperation()
{
    if (m_current || m_queue.empty())
        return;
    m_current = std::move(m_queue.front());
    m_queue.pop_front();

    switch (m_current->kind) {
    case Operation::Kind::Read:
        startRead();
        break;
    case Operation::Kind::Write:
        startWrite();
        break;
    case Operation::Kind::Remove:
        startRemove();
        break;
    }
}

void KeychainSecretStore::finishOperation(SecretResult result)
{
    const std::unique_ptr<Operation> finished = std::move(m_current);
    // The operation runs to its end even when its context is gone; only the answer is dropped.
    if (finished->context)
        answerLater(finished->context, std::move(finished->done), std::move(result));
    startNextOperation();
}

void KeychainSecretStore::unlessLocked(std::function<void()> next)
{
#ifdef STREAMCANVAS_SECRET_SERVICE
    SecretServiceProbe::defaultCollectionLocked(this, m_timeout, [this, next = std::move(next)](bool locked) {
        if (locked)
            finishOperation(resultFor(SecretError::Locked, secretErrorMessage(SecretError::Locked)));
        else
            next();
    });
#else
    next();
#endif
}

// Reading: part 0, which says how many parts follow, then the others in order.

void KeychainSecretStore::startRead()
{
    m_runner->run(KeychainJobRunner::Kind::Read, m_current->key, {}, [this](const Outcome &outcome) {
        if (outcome.notFound())
            return unlessLocked([this, notFound = failureFor(outcome)] { finishOperation(notFound); });
        if (!outcome.ok())
            return finishOperation(failureFor(outcome));
        const std::optional<int> count = SecretParts::partCount(outcome.data);
        if (!count)
            return finishOperation(damaged());
        m_current->storedParts = *count;
        m_current->parts = {outcome.data};
        readNextPart();
    });
}

void KeychainSecretStore::readNextPart()
{
    Operation &operation = *m_current;
    if (operation.parts.size() == operation.storedParts) {
        std::optional<QByteArray> value = SecretParts::join(operation.parts);
        if (!value)
            return finishOperation(damaged());
        SecretResult result;
        result.value = std::move(*value);
        return finishOperation(std::move(result));
    }
    const QString key = SecretParts::partKey(operation.key, int(operation.parts.size()));
    m_runner->run(KeychainJobRunner::Kind::Read, key, {}, [this](const Outcome &outcome) {
        if (outcome.notFound())
            return finishOperation(damaged());
        if (!outcome.ok())
            return finishOperation(failureFor(outcome));
        m_current->parts.append(outcome.data);
        readNextPart();
    });
}

// Writing: read part 0 to learn how many parts the old value had, write parts 1.. and then
// part 0 (so a reader never meets a header whose parts are not written yet), then remove
// the old value's parts that the new one does not overwrite.

void KeychainSecretStore::startWrite()
{
    if (m_current->parts.size() > SecretParts::maximumParts)
        return finishOperation(resultFor(SecretError::Other, tr("This value is too large for the keychain.")));

    m_runner->run(KeychainJobRunner::Kind::Read, m_current->key, {}, [this](const Outcome &outcome) {
        if (outcome.notFound())
            m_current->storedParts = 0;
        else if (!outcome.ok())
            return finishOperation(failureFor(outcome));
        else
            m_current->storedParts = SecretParts::partCount(outcome.data).value_or(1);
        m_current->next = 1;
        writeNextPart();
    });
}

void KeychainSecretStore::writeNextPart()
{
    Operation &operation = *m_current;
    const int count = int(operation.parts.size());
    if (operation.next > count) {
        operation.next = count;
        return removeNextStalePart();
    }
    const int index = operation.next == count ? 0 : operation.next;
    ++operation.next;
    m_runner->run(KeychainJobRunner::Kind::Write, SecretParts::partKey(operation.key, index), operation.parts.at(index),
        [this](const Outcome &outcome) {
            if (!outcome.ok())
                return finishOperation(failureFor(outcome));
            writeNextPart();
        });
}

void KeychainSecretStore::removeNextStalePart()
{
    Operation &operation = *m_current;
    if (operation.next >= operation.storedParts)
        return finishOperation({});
    const QString key = SecretParts::partKey(operation.key, operation.next++);
    m_runner->run(KeychainJobRunner::Kind::Delete, key, {}, [this](const Outcome &outcome) {
        if (!outcome.ok() && !outcome.notFound())
            return finishOperation(failureFor(outcome));
        removeNextStalePart();
    });
}

// Removing: read part 0 to learn how many parts there are, then remove the last part first
// and part 0 last, so that an interrupted removal can be finished by the next one.

void KeychainSecretStore::startRemove()
{
    m_runner->run(KeychainJobRunner::Kind::Read, m_current->key, {}, [this](const Outcome &outcome) {
        if (outcome.notFound()) {
            // Still delete the key itself: an entry may exist that could not be read.
            return unlessLocked([this] {
                m_current->next = 0;
                removeNextPart();
            });
        }
        if (!outcome.ok())
            return finishOperation(failureFor(outcome));
        m_current->storedParts = SecretParts::partCount(outcome.data).value_or(1);
        m_current->next = m_current->storedParts - 1;
        removeNextPart();
    });
}

void KeychainSecretStore::removeNextPart()
{
    Operation &operation = *m_current;
    if (operation.next < 0)
        return finishOperation({});
    const QString key = SecretParts::partKey(operation.key, operation.next--);
    m_runner->run(KeychainJobRunner::Kind::Delete, key, {}, [this](const Outcome &outcome) {
        if (!outcome.ok() && !outcome.notFound())
            return finishOperation(failureFor(outcome));
        removeNextPart();
    });
}

} // namespace streamcanvas::secrets
