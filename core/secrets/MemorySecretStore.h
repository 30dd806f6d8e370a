#pragma once

#include "secrets/SecretStore.h"

#include <QHash>
#include <QStringList>

namespace streamcanvas::secrets {

// Keeps secrets in memory for the life of the process: the session-only store when no
// keychain service is available, and the fake that tests of other modules drive.
class MemorySecretStore : public SecretStore
{
public:
    MemorySecretStore() = default;
    ~MemorySecretStore() override;

    void read(const QString &key, QObject *context, SecretCallback done) override;
    void write(const QString &key, const QByteArray &value, QObject *context, SecretCallback done) override;
    void remove(const QString &key, QObject *context, SecretCallback done) override;
    bool persistent() const override { return false; }

    // From now on every operation fails with `error` (and `message`, or the standard one)
    // and changes nothing, as a locked or missing keychain would; None restores service.
    void setFailure(SecretError error, const QString &message = {});
    // The keys that hold a value, sorted.
    QStringList keys() const;

private:
    bool failing(QObject *context, const SecretCallback &done) const;

    QHash<QString, QByteArray> m_values;
    SecretError m_failure = SecretError::None;
    QString m_failureMessage;
};

} // namespace streamcanvas::secrets
