#include "SecretServiceInspector.h"
#include "SyncSecretStore.h"
#include "secrets/KeychainSecretStore.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace streamcanvas::secrets;

// KeychainSecretStore against a locked Secret Service collection, with no prompter that
// could ask for the password (tests/support/headless-keychain.sh): everything fails at once
// with Locked, and nothing changes.
class tst_KeychainSecretStoreLocked : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void lockedKeychainFailsFastAndChangesNothing();
};

void tst_KeychainSecretStoreLocked::initTestCase()
{
    if (qgetenv("STREAMCANVAS_TEST_KEYCHAIN") != "unlocked")
        QSKIP("needs the private keychain of tests/support/headless-keychain.sh (run it through ctest)");
}

void tst_KeychainSecretStoreLocked::lockedKeychainFailsFastAndChangesNothing()
{
    const QString service = u"com.streamcanvas.test"_s;
    // A short timeout: were anything to hang waiting for a prompt, it would say Locked
    // with the "did not answer" message, and this test would fail on the message.
    KeychainSecretStore store(service, 2000, nullptr, std::chrono::seconds(8));
    SyncSecretStore sync(store);
    SecretServiceInspector inspector(service);

    const QByteArray small = "refresh-token-while-unlocked"_ba;
    const QByteArray large(5000, 'B');
    QCOMPARE(sync.write(u"small"_s, small)->error, SecretError::None);
    QCOMPARE(sync.write(u"large"_s, large)->error, SecretError::None);
    QCOMPARE(inspector.itemCount(), 4);

    QString error;
    QVERIFY2(inspector.lockDefaultCollection(&error), qPrintable(error));
    QVERIFY(inspector.defaultCollectionLocked());

    const SecretResult locked{SecretError::Locked, secretErrorMessage(SecretError::Locked), {}};
    auto check = [&locked](const std::optional<SecretResult> &result, const char *what) {
        if (!result)
            return u"%1: no answer"_s.arg(QLatin1StringView(what));
        if (result->error != locked.error || result->message != locked.message || !result->value.isEmpty()) {
            return u"%1: error %2, \"%3\""_s.arg(QLatin1StringView(what)).arg(int(result->error)).arg(result->message);
        }
        return QString();
    };

    QElapsedTimer timer;
    timer.start();
    QCOMPARE(check(sync.read(u"small"_s), "read"), QString());
    QCOMPARE(check(sync.read(u"large"_s), "read in parts"), QString());
    QCOMPARE(check(sync.read(u"never-written"_s), "read of a missing key"), QString());
    QCOMPARE(check(sync.write(u"small"_s, "replacement"_ba), "write"), QString());
    QCOMPARE(check(sync.write(u"new"_s, "new"_ba), "write of a new key"), QString());
    QCOMPARE(check(sync.remove(u"small"_s), "remove"), QString());
    QCOMPARE(check(sync.remove(u"large"_s), "remove in parts"), QString());
    QVERIFY2(timer.elapsed() < 8000, qPrintable(u"took %1 ms"_s.arg(timer.elapsed())));

    // Once unlocked, everything is as it was before the failed calls.
    QVERIFY2(inspector.unlockDefaultCollection("pw"_ba, &error), qPrintable(error));
    QVERIFY(!inspector.defaultCollectionLocked());
    QCOMPARE(sync.read(u"small"_s)->value, small);
    QCOMPARE(sync.read(u"large"_s)->value, large);
    QCOMPARE(sync.read(u"new"_s)->error, SecretError::NotFound);
    QCOMPARE(inspector.itemCount(), 4);
}

QTEST_GUILESS_MAIN(tst_KeychainSecretStoreLocked)
#include "tst_KeychainSecretStoreLocked.moc"
