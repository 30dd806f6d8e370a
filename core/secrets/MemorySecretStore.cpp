#include "secrets/MemorySecretStore.h"

namespace streamcanvas::secrets {

MemorySecretStore::~MemorySecretStore()
{
    // Do not leave the secrets behind in freed memory.
    for (auto it = m_values.begin(); it != m_values.end(); ++it)
        it->fill('\0');
}

void MemorySecretStore::read(const QString &key, QObject *context, SecretCallback done)
{
    if (failing(context, done))
        return;
    SecretResult result;
    const auto it = m_values.constFind(key);
    if (it == m_values.cend()) {
        result.error = SecretError::NotFound;
        result.message = secretErrorMessage(SecretError::NotFound);
    } else {
        result.value = *it;
    }
    answerLater(context, std::move(done), std::move(result));
}

void MemorySecretStore::write(const QString &key, const QByteArray &value, QObject *context, SecretCallback done)
{
    // The same rule as the keychain store, so that tests using this fake catch a bad key.
    Q_ASSERT_X(!key.contains(u'#'), "MemorySecretStore", "'#' names the parts of a value in the keychain");
    if (failing(context, done))
        return;
    // A deep copy: the caller may wipe its own buffer once the call returns.
    m_values.insert(key, QByteArray(value.constData(), value.size()));
    answerLater(context, std::move(done), {});
}

void MemorySecretStore::remove(const QString &key, QObject *context, SecretCallback done)
{
    if (failing(context, done))
        return;
    const auto it = m_values.find(key);
    if (it != m_values.end()) {
        it->fill('\0');
        m_values.erase(it);
    }
    answerLater(context, std::move(done), {});
}

void MemorySecretStore::setFailure(SecretError error, const QString &message)
{
    m_failure = error;
    m_failureMessage = message.isEmpty() ? secretErrorMessage(error) : message;
}

QStringList MemorySecretStore::keys() const
{
    QStringList result = m_values.keys();
    result.sort();
    return result;
}

bool MemorySecretStore::failing(QObject *context, const SecretCallback &done) const
{
    if (m_failure == SecretError::None)
        return false;
    SecretResult result;
    result.error = m_failure;
    result.message = m_failureMessage;
    answerLater(context, done, std::move(result));
    return true;
}

} // namespace streamcanvas::secrets
