#include "SyncSecretStore.h"
#include "secrets/KeychainSecretStore.h"

#include <QDBusConnection>
#include <QDBusVirtualObject>
#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace streamcanvas::secrets;

namespace {

// Owns org.freedesktop.secrets on its own bus connection and never answers: a Secret
// Service that hangs.
class HungSecretService : public QDBusVirtualObject
{
public:
    bool handleMessage(const QDBusMessage &, const QDBusConnection &) override
    {
        ++m_calls;
        return true; // "handled", and no reply ever goes out
    }
    QString introspect(const QString &) const override { return {}; }
    int calls() const { return m_calls; }

private:
    int m_calls = 0;
};

} // namespace

// KeychainSecretStore on a session bus with no Secret Service at all and nothing that
// could start one (tests/support/headless-keychain.sh --no-secret-service).
class tst_KeychainSecretStoreNoService : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void noSecretService();
    void hungSecretServiceTimesOutAndTheQueueMovesOn();
};

void tst_KeychainSecretStoreNoService::initTestCase()
{
    if (qgetenv("STREAMCANVAS_TEST_KEYCHAIN") != "none")
        QSKIP("needs the bus of tests/support/headless-keychain.sh --no-secret-service (run it through ctest)");
}

void tst_KeychainSecretStoreNoService::noSecretService()
{
    KeychainSecretStore store(u"com.streamcanvas.test"_s);
    SyncSecretStore sync(store);
    const QString expected = u"Sign-in can't be remembered on this computer: no keychain service is available."_s;
    QCOMPARE(secretErrorMessage(SecretError::NoService), expected);

    const QList<std::pair<const char *, std::function<std::optional<SecretResult>()>>> calls{
        {"read",
            [&] {
                return sync.read(u"k"_s);
            }},
        {"write",
            [&] {
                return sync.write(u"k"_s, "value"_ba);
            }},
        {"remove",
            [&] {
                return sync.remove(u"k"_s);
            }},
    };
    for (const auto &[what, call] : calls) {
        QElapsedTimer timer;
        timer.start();
        const std::optional<SecretResult> result = call();
        QVERIFY2(result, what);
        QCOMPARE(result->error, SecretError::NoService);
        QCOMPARE(result->message, expected);
        QVERIFY2(
            timer.elapsed() < 3000, qPrintable(u"%1 took %2 ms"_s.arg(QLatin1StringView(what)).arg(timer.elapsed())));
    }
}

void tst_KeychainSecretStoreNoService::hungSecretServiceTimesOutAndTheQueueMovesOn()
{
    const QString connectionName = u"hung-secret-service"_s;
    HungSecretService hung;
    {
        // No copy of the connection may outlive this block: the last one keeps it open.
        QDBusConnection connection = QDBusConnection::connectToBus(QDBusConnection::SessionBus, connectionName);
        QVERIFY(connection.isConnected());
        QVERIFY(connection.registerVirtualObject(u"/"_s, &hung, QDBusConnection::SubPath));
        QVERIFY(connection.registerService(u"org.freedesktop.secrets"_s));
    }

    KeychainSecretStore store(u"com.streamcanvas.test"_s, 0, nullptr, std::chrono::milliseconds(1500));
    QObject context;
    QList<SecretResult> answers;
    QList<qint64> answeredAfter;
    QElapsedTimer timer;
    timer.start();
    auto record = [&](const SecretResult &result) {
        answers.append(result);
        answeredAfter.append(timer.elapsed());
    };
    store.read(u"k"_s, &context, record);
    // Queued behind the hung job: QtKeychain would only start it once that one finishes,
    // so it is never handed over and says Locked after its own timeout.
    store.write(u"k"_s, "value"_ba, &context, record);

    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), 2, 10000);
    QVERIFY(hung.calls() > 0);
    const QString didNotAnswer = u"The keychain did not answer; it may be locked."_s;
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(answers.at(i).error, SecretError::Locked);
        QCOMPARE(answers.at(i).message, didNotAnswer);
    }
    QVERIFY2(
        answeredAfter.at(0) >= 1400 && answeredAfter.at(0) < 4000, qPrintable(QString::number(answeredAfter.at(0))));
    QVERIFY2(answeredAfter.at(1) >= answeredAfter.at(0) + 1400, qPrintable(QString::number(answeredAfter.at(1))));

    // The hung service goes away: its pending calls fail, the stuck job finishes, and the
    // store works again (here: finds that there is no service left).
    QDBusConnection::disconnectFromBus(connectionName);
    SyncSecretStore sync(store, std::chrono::seconds(20));
    timer.restart();
    const std::optional<SecretResult> after = sync.read(u"k"_s);
    QVERIFY(after);
    QCOMPARE(after->error, SecretError::NoService);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
}

QTEST_GUILESS_MAIN(tst_KeychainSecretStoreNoService)
#include "tst_KeychainSecretStoreNoService.moc"
