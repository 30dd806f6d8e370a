#pragma once

#include "secrets/SecretStore.h"

#include <chrono>
#include <optional>

namespace streamcanvas::secrets {

// Lets QCOMPARE print a SecretError by name.
char *toString(SecretError error);

// Runs a SecretStore's calls one at a time to their answer, for tests. Each call spins the
// event loop until the store answers or the timeout passes (nullopt then).
class SyncSecretStore
{
public:
    explicit SyncSecretStore(SecretStore &store, std::chrono::milliseconds timeout = std::chrono::seconds(30));

    std::optional<SecretResult> read(const QString &key);
    std::optional<SecretResult> write(const QString &key, const QByteArray &value);
    std::optional<SecretResult> remove(const QString &key);

    // Whether any answer so far came inside the call itself, which the contract forbids.
    bool answeredInsideCall() const { return m_answeredInsideCall; }

private:
    template <typename Call>
    std::optional<SecretResult> run(Call call);

    SecretStore &m_store;
    std::chrono::milliseconds m_timeout;
    bool m_answeredInsideCall = false;
};

} // namespace streamcanvas::secrets
