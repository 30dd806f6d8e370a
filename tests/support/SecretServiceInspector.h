#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace streamcanvas::secrets {

// Looks at a (private, headless) Secret Service from outside the store under test: what
// secret-tool finds there, and the default collection's lock, for keychain tests.
class SecretServiceInspector
{
public:
    // `service` is the QtKeychain service name, the items' "server" attribute.
    explicit SecretServiceInspector(const QString &service);

    // What is stored under `key` as QtKeychain wrote it (base64), decoded; nullopt when
    // secret-tool finds nothing.
    std::optional<QByteArray> storedValue(const QString &key) const;
    // How many items secret-tool finds for the service, or -1 when it fails.
    int itemCount() const;

    // Lock and unlock the default collection over D-Bus, with no prompt. On failure they
    // return false and say why in `error`.
    bool lockDefaultCollection(QString *error) const;
    bool unlockDefaultCollection(const QByteArray &password, QString *error) const;
    bool defaultCollectionLocked() const;

private:
    QString m_service;
};

} // namespace streamcanvas::secrets
