#include "SecretServiceInspector.h"
#include "SyncSecretStore.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/SecretParts.h"

#include <QRandomGenerator>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace streamcanvas::secrets;

// KeychainSecretStore against a real Secret Service: a private gnome-keyring with an
// unlocked login keyring (tests/support/headless-keychain.sh).
class tst_KeychainSecretStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void writeReadOverwriteRemove();
    void missingKeyIsNotFound();
    void binaryValuesSurvive_data();
    void binaryValuesSurvive();
    void largeValueIsStoredInParts();
    void shrinkingValueLeavesNoStaleParts();
    void removeDeletesEveryPart();
    void queuedOperationsCompleteInOrder();
    void secondStoreSeesTheFirstOnesValues();
    void answerIsDroppedWhenContextIsDestroyed();
    void destroyingTheStoreWithWorkPendingIsSafe();
    void defaultServiceName();
    void cleanupTestCase();

private:
    static void recordMessage(QtMsgType type, const QMessageLogContext &context, const QString &message);
    QByteArray remember(const QByteArray &value);

    const QString m_service = u"com.streamcanvas.test"_s;
    // Every distinctive value written, to make sure none of them is ever logged.
    QList<QByteArray> m_values;
    QRandomGenerator m_random{4711};

    static inline QtMessageHandler s_previousHandler = nullptr;
    static inline QStringList s_messages;
};

void tst_KeychainSecretStore::recordMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    s_messages.append(message);
    s_previousHandler(type, context, message);
}

QByteArray tst_KeychainSecretStore::remember(const QByteArray &value)
{
    // Short values ("1") would be found in any message.
    if (value.size() >= 8)
        m_values.append(value);
    return value;
}

void tst_KeychainSecretStore::initTestCase()
{
    if (qgetenv("STREAMCANVAS_TEST_KEYCHAIN") != "unlocked")
        QSKIP("needs the private keychain of tests/support/headless-keychain.sh (run it through ctest)");
    s_previousHandler = qInstallMessageHandler(&tst_KeychainSecretStore::recordMessage);
}

void tst_KeychainSecretStore::writeReadOverwriteRemove()
{
    KeychainSecretStore store(m_service);
    SyncSecretStore sync(store);
    SecretServiceInspector inspector(m_service);
    QVERIFY(store.persistent());

    const QByteArray first = remember("sk-first-api-key-0123456789"_ba);
    QCOMPARE(sync.write(u"api-key"_s, first)->error, SecretError::None);
    // It is really in the Secret Service, not somewhere else.
    QCOMPARE(inspector.storedValue(u"api-key"_s), first);
    QCOMPARE(sync.read(u"api-key"_s)->value, first);

    const QByteArray second = remember("sk-second-api-key-9876543210"_ba);
    QCOMPARE(sync.write(u"api-key"_s, second)->error, SecretError::None);
    QCOMPARE(sync.read(u"api-key"_s)->value, second);
    QCOMPARE(inspector.itemCount(), 1);

    QCOMPARE(sync.remove(u"api-key"_s)->error, SecretError::None);
    QCOMPARE(inspector.storedValue(u"api-key"_s), std::nullopt);
    QCOMPARE(sync.read(u"api-key"_s)->error, SecretError::NotFound);
    QVERIFY(!sync.answeredInsideCall());
}

void tst_KeychainSecretStore::missingKeyIsNotFound()
{
    KeychainSecretStore store(m_service);
    SyncSecretStore sync(store);

    const std::optional<SecretResult> read = sync.read(u"never-written"_s);
    QVERIFY(read);
    QCOMPARE(read->error, SecretError::NotFound);
    QCOMPARE(read->message, secretErrorMessage(SecretError::NotFound));
    QVERIFY(read->value.isEmpty());

    const std::optional<SecretResult> removed = sync.remove(u"never-written"_s);
    QVERIFY(removed);
    QCOMPARE(removed->error, SecretError::None);
}

void tst_KeychainSecretStore::binaryValuesSurvive_data()
{
    QTest::addColumn<QByteArray>("value");

    QByteArray allBytes;
    for (int i = 255; i >= 0; --i)
        allBytes.append(char(i));
    QTest::newRow("NUL bytes") << "\0secret\0with\0nuls\0"_ba;
    QTest::newRow("not UTF-8") << "\xff\xfe\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc"_ba;
    QTest::newRow("all 256 bytes") << allBytes;
    QTest::newRow("one byte") << "x"_ba;
    QTest::newRow("empty") << QByteArray();
}

void tst_KeychainSecretStore::binaryValuesSurvive()
{
    QFETCH(QByteArray, value);
    KeychainSecretStore store(m_service);
    SyncSecretStore sync(store);
    remember(value);

    QCOMPARE(sync.write(u"binary"_s, value)->error, SecretError::None);
    const std::optional<SecretResult> read = sync.read(u"binary"_s);
    QVERIFY(read);
    QCOMPARE(read->error, SecretError::None);
    QCOMPARE(read->value, value);
    QCOMPARE(sync.remove(u"binary"_s)->error, SecretError::None);
}

void tst_KeychainSecretStore::largeValueIsStoredInParts()
{
    KeychainSecretStore store(m_service, 2000);
    SyncSecretStore sync(store);
    SecretServiceInspector inspector(m_service);

    QByteArray value(10 * 1024, Qt::Uninitialized);
    m_random.fillRange(reinterpret_cast<quint32 *>(value.data()), value.size() / 4);
    remember(value);
    QCOMPARE(sync.write(u"large"_s, value)->error, SecretError::None);

    // Six entries of at most 2,000 bytes: part 0 with the header, then large#1..large#5.
    QList<QByteArray> stored;
    for (int i = 0; i < 6; ++i) {
        const QString key = i == 0 ? u"large"_s : u"large#%1"_s.arg(i);
        const std::optional<QByteArray> part = inspector.storedValue(key);
        QVERIFY2(part, qPrintable(key + u" is missing"_s));
        QVERIFY(part->size() <= 2000);
        stored.append(*part);
    }
    QVERIFY(stored.first().startsWith("\0streamcanvas-parts:6/"_ba));
    QCOMPARE(inspector.storedValue(u"large#6"_s), std::nullopt);
    QCOMPARE(inspector.itemCount(), 6);
    QCOMPARE(SecretParts::join(stored), value);

    QCOMPARE(sync.read(u"large"_s)->value, value);
    // A store without a limit reads it all the same.
    KeychainSecretStore unlimited(m_service, 0);
    SyncSecretStore unlimitedSync(unlimited);
    QCOMPARE(unlimitedSync.read(u"large"_s)->value, value);

    QCOMPARE(sync.remove(u"large"_s)->error, SecretError::None);
}

void tst_KeychainSecretStore::shrinkingValueLeavesNoStaleParts()
{
    KeychainSecretStore store(m_service, 2000);
    SyncSecretStore sync(store);
    SecretServiceInspector inspector(m_service);

    const QByteArray large = remember(QByteArray(10 * 1024, 'L'));
    const QByteArray medium = remember(QByteArray(3000, 'M'));
    const QByteArray small = remember(QByteArray(100, 'S'));

    QCOMPARE(sync.write(u"shrinking"_s, large)->error, SecretError::None);
    QCOMPARE(inspector.itemCount(), 6);

    QCOMPARE(sync.write(u"shrinking"_s, medium)->error, SecretError::None);
    QCOMPARE(inspector.itemCount(), 2);
    for (int i = 2; i < 6; ++i)
        QCOMPARE(inspector.storedValue(u"shrinking#%1"_s.arg(i)), std::nullopt);
    QCOMPARE(sync.read(u"shrinking"_s)->value, medium);

    QCOMPARE(sync.write(u"shrinking"_s, small)->error, SecretError::None);
    QCOMPARE(inspector.itemCount(), 1);
    QCOMPARE(inspector.storedValue(u"shrinking"_s), small); // stored as it is, no header
    QCOMPARE(sync.read(u"shrinking"_s)->value, small);

    QCOMPARE(sync.write(u"shrinking"_s, large)->error, SecretError::None);
    QCOMPARE(inspector.itemCount(), 6);
    QCOMPARE(sync.read(u"shrinking"_s)->value, large);
    QCOMPARE(sync.remove(u"shrinking"_s)->error, SecretError::None);
}

void tst_KeychainSecretStore::removeDeletesEveryPart()
{
    KeychainSecretStore store(m_service, 2000);
    SyncSecretStore sync(store);
    SecretServiceInspector inspector(m_service);

    QCOMPARE(sync.write(u"parts"_s, remember(QByteArray(7000, 'P')))->error, SecretError::None);
    QCOMPARE(sync.write(u"neighbour"_s, remember("next door"_ba))->error, SecretError::None);
    QCOMPARE(inspector.itemCount(), 5);

    QCOMPARE(sync.remove(u"parts"_s)->error, SecretError::None);
    QCOMPARE(inspector.itemCount(), 1);
    QCOMPARE(sync.read(u"parts"_s)->error, SecretError::NotFound);
    QCOMPARE(sync.read(u"neighbour"_s)->value, "next door"_ba);
    QCOMPARE(sync.remove(u"neighbour"_s)->error, SecretError::None);
    QCOMPARE(inspector.itemCount(), 0);
}

void tst_KeychainSecretStore::queuedOperationsCompleteInOrder()
{
    KeychainSecretStore store(m_service, 2000);
    QObject context;
    QStringList answers;
    QStringList expected;
    bool answeredInsideCall = false;
    bool calling = false;

    // Reads answer with what they found, so the order is visible in the values too.
    auto describe = [](const QString &what, const SecretResult &result) -> QString {
        if (result.error != SecretError::None)
            return what + u" failed: "_s + result.message;
        if (result.value.size() > 100) {
            return what + u" = "_s + QString::number(result.value.size()) + u" bytes of "_s
                + QString::fromLatin1(result.value.left(1));
        }
        return what + u" = "_s + QString::fromLatin1(result.value);
    };
    auto answer = [&](const QString &what) {
        return [&, what](const SecretResult &result) {
            if (calling)
                answeredInsideCall = true;
            answers.append(describe(what, result));
        };
    };
    calling = true;
    for (int i = 0; i < 8; ++i) {
        const QString key = u"queued-%1"_s.arg(i % 3);
        // Every third value is large enough to be written in parts: multi-job operations
        // must not interleave with the ones queued behind them.
        const QByteArray value = i % 3 == 2 ? QByteArray(5000, char('a' + i)) : QByteArray::number(i);
        remember(value);
        store.write(key, value, &context, answer(u"write %1"_s.arg(i)));
        expected.append(describe(u"write %1"_s.arg(i), {}));
        store.read(key, &context, answer(u"read %1"_s.arg(i)));
        SecretResult found;
        found.value = value;
        expected.append(describe(u"read %1"_s.arg(i), found));
    }
    // Calls made from inside an answer are queued behind everything called before.
    store.remove(u"queued-0"_s, &context, [&](const SecretResult &result) {
        answers.append(describe(u"remove"_s, result));
        store.write(u"queued-0"_s, "again"_ba, &context, answer(u"write from answer"_s));
        store.read(u"queued-0"_s, &context, [&](const SecretResult &again) {
            answers.append(describe(u"read from answer"_s, again));
            store.remove(u"queued-0"_s, &context, answer(u"remove from answer"_s));
        });
    });
    expected.append(describe(u"remove"_s, {}));
    store.read(u"queued-0"_s, &context, [&](const SecretResult &result) {
        answers.append(result.error == SecretError::NotFound ? u"read after remove: not found"_s
                                                             : describe(u"read after remove"_s, result));
    });
    expected.append(u"read after remove: not found"_s);
    calling = false;

    SecretResult again;
    again.value = "again"_ba;
    expected.append(describe(u"write from answer"_s, {}));
    expected.append(describe(u"read from answer"_s, again));
    expected.append(describe(u"remove from answer"_s, {}));

    QVERIFY(answers.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), expected.size(), 60000);
    QCOMPARE(answers, expected);
    QVERIFY(!answeredInsideCall);
}

void tst_KeychainSecretStore::secondStoreSeesTheFirstOnesValues()
{
    const QByteArray token = remember("refresh-token-from-the-first-store"_ba);
    const QByteArray reply = remember("written-by-the-second-store"_ba);
    {
        KeychainSecretStore first(m_service);
        SyncSecretStore sync(first);
        QCOMPARE(sync.write(u"refresh-token"_s, token)->error, SecretError::None);
    }
    KeychainSecretStore second(m_service);
    SyncSecretStore secondSync(second);
    QCOMPARE(secondSync.read(u"refresh-token"_s)->value, token);
    QCOMPARE(secondSync.write(u"reply"_s, reply)->error, SecretError::None);

    KeychainSecretStore third(m_service);
    SyncSecretStore thirdSync(third);
    QCOMPARE(thirdSync.read(u"reply"_s)->value, reply);

    // Another service's store does not see them.
    KeychainSecretStore other(u"com.streamcanvas.other"_s);
    SyncSecretStore otherSync(other);
    QCOMPARE(otherSync.read(u"refresh-token"_s)->error, SecretError::NotFound);

    QCOMPARE(secondSync.remove(u"refresh-token"_s)->error, SecretError::None);
    QCOMPARE(secondSync.remove(u"reply"_s)->error, SecretError::None);
}

void tst_KeychainSecretStore::answerIsDroppedWhenContextIsDestroyed()
{
    KeychainSecretStore store(m_service, 2000);
    SyncSecretStore sync(store);
    const QByteArray value = remember(QByteArray(9000, 'D'));

    // Destroyed right after the calls, before any job ran.
    bool answered = false;
    auto *gone = new QObject;
    store.write(u"dropped"_s, value, gone, [&answered](const SecretResult &) { answered = true; });
    store.read(u"dropped"_s, gone, [&answered](const SecretResult &) { answered = true; });
    delete gone;

    // Destroyed while its operation is under way: the answer to the read queued before it
    // arrives while the multi-part write is still running.
    QObject first;
    auto *second = new QObject;
    bool secondAnswered = false;
    store.read(u"dropped"_s, &first, [&second](const SecretResult &) {
        delete second;
        second = nullptr;
    });
    store.remove(u"dropped"_s, second, [&secondAnswered](const SecretResult &) { secondAnswered = true; });

    // Whatever is called next is answered after all of that.
    const std::optional<SecretResult> after = sync.read(u"dropped"_s);
    QVERIFY(after);
    QVERIFY(!second);
    QVERIFY(!answered);
    QVERIFY(!secondAnswered);
    // The operations themselves ran: written, then removed.
    QCOMPARE(after->error, SecretError::NotFound);
}

void tst_KeychainSecretStore::destroyingTheStoreWithWorkPendingIsSafe()
{
    QObject context;
    bool answered = false;
    auto store = std::make_unique<KeychainSecretStore>(m_service, 2000);
    store->write(
        u"orphan"_s, remember(QByteArray(6000, 'O')), &context, [&answered](const SecretResult &) { answered = true; });
    store->read(u"orphan"_s, &context, [&answered](const SecretResult &) { answered = true; });
    // Let the first job start, then pull the store away under it.
    QTest::qWait(20);
    store.reset();
    QTest::qWait(2000);
    QVERIFY(!answered);

    // The keychain still works for a new store.
    KeychainSecretStore fresh(m_service, 2000);
    SyncSecretStore sync(fresh);
    QCOMPARE(sync.write(u"orphan"_s, "fresh"_ba)->error, SecretError::None);
    QCOMPARE(sync.read(u"orphan"_s)->value, "fresh"_ba);
    QCOMPARE(sync.remove(u"orphan"_s)->error, SecretError::None);
    QCOMPARE(sync.read(u"orphan"_s)->error, SecretError::NotFound);
}

void tst_KeychainSecretStore::defaultServiceName()
{
    KeychainSecretStore store;
    SyncSecretStore sync(store);
    QCOMPARE(store.service(), u"com.streamcanvas.desktop"_s);

    const QByteArray value = remember("default-service-value"_ba);
    QCOMPARE(sync.write(u"k"_s, value)->error, SecretError::None);
    QCOMPARE(SecretServiceInspector(u"com.streamcanvas.desktop"_s).storedValue(u"k"_s), value);
    QCOMPARE(sync.remove(u"k"_s)->error, SecretError::None);
}

void tst_KeychainSecretStore::cleanupTestCase()
{
    if (!s_previousHandler)
        return;
    qInstallMessageHandler(s_previousHandler);
    // Nothing logged while all of the above ran may contain a value, plain or as QtKeychain
    // stores it.
    for (const QString &message : std::as_const(s_messages)) {
        for (const QByteArray &value : std::as_const(m_values)) {
            const bool leaked = message.contains(QString::fromLatin1(value))
                || message.contains(QString::fromLatin1(value.toBase64()));
            QVERIFY2(!leaked, "a logged message contains a secret value");
        }
    }
}

QTEST_GUILESS_MAIN(tst_KeychainSecretStore)
#include "tst_KeychainSecretStore.moc"
