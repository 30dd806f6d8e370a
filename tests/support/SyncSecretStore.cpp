#include "SyncSecretStore.h"

#include <QEventLoop>
#include <QTimer>

#include <cstring>

namespace streamcanvas::secrets {

char *toString(SecretError error)
{
    const char *name = "?";
    switch (error) {
    case SecretError::None:
        name = "None";
        break;
    case SecretError::NotFound:
        name = "NotFound";
        break;
    case SecretError::NoService:
        name = "NoService";
        break;
    case SecretError::Locked:
        name = "Locked";
        break;
    case SecretError::AccessDenied:
        name = "AccessDenied";
        break;
    case SecretError::Other:
        name = "Other";
        break;
    }
    char *copy = new char[std::strlen(name) + 1];
    std::strcpy(copy, name);
    return copy;
}

SyncSecretStore::SyncSecretStore(SecretStore &store, std::chrono::milliseconds timeout)
    : m_store(store)
    , m_timeout(timeout)
{
}

std::optional<SecretResult> SyncSecretStore::read(const QString &key)
{
    return run([&](QObject *context, SecretCallback done) { m_store.read(key, context, std::move(done)); });
}

std::optional<SecretResult> SyncSecretStore::write(const QString &key, const QByteArray &value)
{
    return run([&](QObject *context, SecretCallback done) { m_store.write(key, value, context, std::move(done)); });
}

std::optional<SecretResult> SyncSecretStore::remove(const QString &key)
{
    return run([&](QObject *context, SecretCallback done) { m_store.remove(key, context, std::move(done)); });
}

template <typename Call>
std::optional<SecretResult> SyncSecretStore::run(Call call)
{
    std::optional<SecretResult> answer;
    bool inCall = true;
    QEventLoop loop;
    // Destroyed first on return, so that an answer arriving after the timeout is dropped.
    QObject context;
    call(&context, [&](const SecretResult &result) {
        if (inCall)
            m_answeredInsideCall = true;
        answer = result;
        loop.quit();
    });
    inCall = false;
    if (!answer) {
        QTimer::singleShot(m_timeout, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return answer;
}

} // namespace streamcanvas::secrets
