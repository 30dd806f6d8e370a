#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

class QObject;

namespace streamcanvas::secrets {

enum class SecretError { None, NotFound, NoService, Locked, AccessDenied, Other };

struct SecretResult {
    SecretError error = SecretError::None;
    // For the user, translated. Never contains the secret.
    QString message;
    // The secret, for a successful read; empty otherwise.
    QByteArray value;

    bool ok() const { return error == SecretError::None; }
};

using SecretCallback = std::function<void(const SecretResult &)>;

// The user-facing sentence for an error, translated.
QString secretErrorMessage(SecretError error);

// Asynchronous key/value store for secrets: API keys, refresh tokens, proxy passwords.
//
// Every call answers exactly once through `done`, later (never inside the call), on the
// thread of `context`, and not at all if `context` is destroyed first. `context` must not
// be null. Operations on one store take effect in the order they were called.
//
// Keys are short names the program chooses ("refresh-token/<issuer>"). They never contain
// '#', which the keychain store uses to name the parts of a large value.
//
// Implementations never log a value, never put one in a message, and never fall back to a
// plaintext file.
class SecretStore
{
public:
    virtual ~SecretStore() = default;

    // NotFound when nothing is stored under `key`.
    virtual void read(const QString &key, QObject *context, SecretCallback done) = 0;
    // Replaces whatever was stored under `key`.
    virtual void write(const QString &key, const QByteArray &value, QObject *context, SecretCallback done) = 0;
    // Removing a missing key is success.
    virtual void remove(const QString &key, QObject *context, SecretCallback done) = 0;
    // False when values last only as long as the process (the in-memory store).
    virtual bool persistent() const = 0;

protected:
    // Queues `done(result)` on `context`'s thread; Qt drops it if `context` goes first.
    static void answerLater(QObject *context, SecretCallback done, SecretResult result);
};

} // namespace streamcanvas::secrets
