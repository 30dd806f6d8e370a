#include "SyncSecretStore.h"
#include "secrets/MemorySecretStore.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace streamcanvas::secrets;

class tst_MemorySecretStore : public QObject
{
    Q_OBJECT

private slots:
    void writeReadOverwriteRemove();
    void missingKeyIsNotFound();
    void binaryValuesSurvive();
    void answersLaterAndInCallOrder();
    void answerIsDroppedWhenContextIsDestroyed();
    void answersOnTheContextThread();
    void failureFailsEverythingAndChangesNothing();
    void isNotPersistent();
};

void tst_MemorySecretStore::writeReadOverwriteRemove()
{
    MemorySecretStore store;
    SyncSecretStore sync(store);

    QCOMPARE(sync.write(u"api-key"_s, "first"_ba)->error, SecretError::None);
    QCOMPARE(sync.read(u"api-key"_s)->value, "first"_ba);
    QCOMPARE(sync.write(u"api-key"_s, "second"_ba)->error, SecretError::None);
    QCOMPARE(sync.read(u"api-key"_s)->value, "second"_ba);
    QCOMPARE(store.keys(), QStringList{u"api-key"_s});

    QCOMPARE(sync.remove(u"api-key"_s)->error, SecretError::None);
    QCOMPARE(sync.read(u"api-key"_s)->error, SecretError::NotFound);
    QVERIFY(store.keys().isEmpty());
    QVERIFY(!sync.answeredInsideCall());
}

void tst_MemorySecretStore::missingKeyIsNotFound()
{
    MemorySecretStore store;
    SyncSecretStore sync(store);

    const std::optional<SecretResult> read = sync.read(u"never-written"_s);
    QVERIFY(read);
    QCOMPARE(read->error, SecretError::NotFound);
    QVERIFY(!read->message.isEmpty());
    QVERIFY(read->value.isEmpty());

    const std::optional<SecretResult> removed = sync.remove(u"never-written"_s);
    QVERIFY(removed);
    QCOMPARE(removed->error, SecretError::None);
}

void tst_MemorySecretStore::binaryValuesSurvive()
{
    MemorySecretStore store;
    SyncSecretStore sync(store);

    QByteArray allBytes;
    for (int i = 0; i < 256; ++i)
        allBytes.append(char(i));
    QCOMPARE(sync.write(u"binary"_s, allBytes)->error, SecretError::None);
    QCOMPARE(sync.read(u"binary"_s)->value, allBytes);
}

void tst_MemorySecretStore::answersLaterAndInCallOrder()
{
    MemorySecretStore store;
    QObject context;
    QList<QString> answers;
    auto record = [&answers](const QString &what) {
        return [&answers, what](const SecretResult &result) {
            answers.append(what + u'=' + QString::fromLatin1(result.value));
        };
    };

    store.write(u"k"_s, "1"_ba, &context, record(u"write 1"_s));
    store.read(u"k"_s, &context, record(u"read"_s));
    store.write(u"k"_s, "2"_ba, &context, record(u"write 2"_s));
    store.read(u"k"_s, &context, [&](const SecretResult &result) {
        answers.append(u"read=" + QString::fromLatin1(result.value));
        // Calls made from inside an answer come after the ones already made.
        store.remove(u"k"_s, &context, record(u"remove"_s));
        store.read(u"k"_s, &context, [&answers](const SecretResult &last) {
            answers.append(last.error == SecretError::NotFound ? u"gone"_s : u"still there"_s);
        });
    });
    QVERIFY(answers.isEmpty()); // nothing inside the calls

    const QList<QString> expected{u"write 1="_s, u"read=1"_s, u"write 2="_s, u"read=2"_s, u"remove="_s, u"gone"_s};
    QTRY_COMPARE(answers, expected);
}

void tst_MemorySecretStore::answerIsDroppedWhenContextIsDestroyed()
{
    MemorySecretStore store;
    bool answered = false;
    auto *context = new QObject;
    store.write(u"k"_s, "v"_ba, context, [&answered](const SecretResult &) { answered = true; });
    delete context;

    // A later call on a living context is answered: by then the dropped one would have been.
    QObject alive;
    bool later = false;
    store.read(u"k"_s, &alive, [&later](const SecretResult &) { later = true; });
    QTRY_VERIFY(later);
    QVERIFY(!answered);
    // The write itself happened.
    QCOMPARE(store.keys(), QStringList{u"k"_s});
}

void tst_MemorySecretStore::answersOnTheContextThread()
{
    MemorySecretStore store;
    QThread worker;
    worker.start();
    QObject context;
    context.moveToThread(&worker);

    QThread *answeredOn = nullptr;
    QAtomicInt answered = 0;
    store.write(u"k"_s, "v"_ba, &context, [&](const SecretResult &) {
        answeredOn = QThread::currentThread();
        answered.storeRelease(1);
    });
    QTRY_COMPARE(answered.loadAcquire(), 1);
    QCOMPARE(answeredOn, &worker);

    worker.quit();
    QVERIFY(worker.wait());
}

void tst_MemorySecretStore::failureFailsEverythingAndChangesNothing()
{
    MemorySecretStore store;
    SyncSecretStore sync(store);
    QCOMPARE(sync.write(u"k"_s, "kept"_ba)->error, SecretError::None);

    store.setFailure(SecretError::Locked);
    const std::optional<SecretResult> read = sync.read(u"k"_s);
    QCOMPARE(read->error, SecretError::Locked);
    QCOMPARE(read->message, secretErrorMessage(SecretError::Locked));
    QVERIFY(read->value.isEmpty());
    QCOMPARE(sync.write(u"k"_s, "lost"_ba)->error, SecretError::Locked);
    QCOMPARE(sync.remove(u"k"_s)->error, SecretError::Locked);

    store.setFailure(SecretError::NoService, u"custom"_s);
    QCOMPARE(sync.read(u"k"_s)->message, u"custom"_s);

    store.setFailure(SecretError::None);
    QCOMPARE(sync.read(u"k"_s)->value, "kept"_ba);
}

void tst_MemorySecretStore::isNotPersistent()
{
    MemorySecretStore store;
    QVERIFY(!store.persistent());
}

QTEST_GUILESS_MAIN(tst_MemorySecretStore)
#include "tst_MemorySecretStore.moc"
