#pragma once

#include "secrets/SecretStore.h"

#include <QObject>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>

namespace streamcanvas::secrets {

class KeychainJobRunner;

// Secrets in the operating system's keychain through QtKeychain: the Secret Service (GNOME
// Keyring and others) or KWallet on Linux, the login keychain on macOS, the Credential
// Manager on Windows. Never a plaintext fallback file.
//
// Operations run one at a time, in call order, each as a few QtKeychain jobs (see
// KeychainJobRunner). A value larger than `maxValueBytes` is stored in parts (see
// SecretParts): part 0 is written last and removed last, so that an interrupted write
// leaves the old value or one that reads as damaged (NotFound), never a wrong one, and an
// interrupted removal leaves parts that the next removal finds and deletes.
//
// A keychain job that does not answer within `timeout` (an unlock prompt nobody answers,
// a hung service) fails the operation with Locked and the store moves on; the job itself
// may still take effect later, when the keychain answers.
//
// Use one store per service in a process, from the thread it lives in: an operation is
// atomic only within its store. Destroying the store drops the callbacks of operations not
// yet finished.
class KeychainSecretStore
    : public QObject
    , public SecretStore
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds defaultTimeout{20000};
    // The largest value kept in one keychain entry unless told otherwise: 2,000 bytes on
    // Windows (a credential holds 2,560), no limit elsewhere.
    static int platformMaxValueBytes();

    // `maxValueBytes` <= 0 means no limit.
    explicit KeychainSecretStore(const QString &service = QStringLiteral("com.streamcanvas.desktop"),
        int maxValueBytes = platformMaxValueBytes(), QObject *parent = nullptr,
        std::chrono::milliseconds timeout = defaultTimeout);
    ~KeychainSecretStore() override;

    void read(const QString &key, QObject *context, SecretCallback done) override;
    void write(const QString &key, const QByteArray &value, QObject *context, SecretCallback done) override;
    void remove(const QString &key, QObject *context, SecretCallback done) override;
    bool persistent() const override { return true; }

    QString service() const { return m_service; }

private:
    struct Operation;

    void enqueue(std::unique_ptr<Operation> operation);
    void startNextOperation();
    void finishOperation(SecretResult result);
    // Part 0 was not found. Through QtKeychain a locked keychain whose unlock prompt was
    // dismissed (or could not be shown) looks empty, and removing from it does nothing
    // without an error: finish with Locked when the keychain is locked, else go on.
    void unlessLocked(std::function<void()> next);

    void startRead();
    void readNextPart();
    void startWrite();
    void writeNextPart();
    void removeNextStalePart();
    void startRemove();
    void removeNextPart();

    const QString m_service;
    const int m_maxValueBytes;
    const std::chrono::milliseconds m_timeout;
    KeychainJobRunner *m_runner;
    std::deque<std::unique_ptr<Operation>> m_queue;
    std::unique_ptr<Operation> m_current;
};

} // namespace streamcanvas::secrets
