// streamcanvas-cli api-key with a real Secret Service (a private gnome-keyring), and the
// gateway commands using the stored key against the real nginx gateway.
#include "CliRunner.h"
#include "LocalStack.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using streamcanvas::testsupport::LocalStack;

using Result = streamcanvas::testsupport::CliResult;

class tst_ApiKeyCommand : public QObject
{
    Q_OBJECT

private:
    LocalStack m_stack;
    QTemporaryDir m_dir;
    QString m_caFile;

    Result run(const QStringList &arguments, const QByteArray &input = {})
    {
        return streamcanvas::testsupport::runCli(QStringLiteral(STREAMCANVAS_CLI), arguments, input, 60'000);
    }

    QString gateway() const { return m_stack.gatewayUrl().toString(); }

    Result setKey(const QByteArray &key) { return run({u"api-key"_s, u"set"_s, u"--gateway"_s, gateway()}, key); }

    Result chat()
    {
        return run({u"chat"_s, u"--gateway"_s, gateway(), u"--ca-file"_s, m_caFile, u"--proxy"_s, u"none"_s,
            u"--model"_s, u"scripted-echo"_s, u"with a key"_s});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariable("STREAMCANVAS_TEST_KEYCHAIN") == u"unlocked"_s,
            "run this test through the headless keychain launcher");
        QString error;
        QVERIFY2(m_stack.start(&error), qPrintable(error));
        m_caFile = m_dir.filePath(u"ca.pem"_s);
        QFile file(m_caFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(m_stack.caCertificatesPem());
    }

    void withoutAKeySignInIsNeeded()
    {
        const Result result = chat();
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(result.err.contains("No API key is stored"), result.err.constData());
    }

    void storedKeyIsUsed()
    {
        QCOMPARE(setKey(m_stack.apiKey().toUtf8() + '\n').exitCode, 0);
        const Result models
            = run({u"models"_s, u"--gateway"_s, gateway(), u"--ca-file"_s, m_caFile, u"--proxy"_s, u"none"_s});
        QCOMPARE(models.exitCode, 0);
        QVERIFY(models.out.contains("scripted-echo"));
        const Result answer = chat();
        QCOMPARE(answer.exitCode, 0);
        QVERIFY2(answer.out.startsWith("You said: with a key"), answer.out.constData());
        // The key went to the gateway and never to the output.
        QVERIFY(!answer.out.contains(m_stack.apiKey().toUtf8()));
        QVERIFY(!answer.err.contains(m_stack.apiKey().toUtf8()));
    }

    void rejectedKeyIsASignInError()
    {
        QCOMPARE(setKey("sk-not-the-right-one").exitCode, 0);
        const Result result = chat();
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(result.err.contains("did not accept the API key"), result.err.constData());
        QVERIFY(!result.err.contains("sk-not-the-right-one"));
    }

    void removedKeyIsGone()
    {
        QCOMPARE(setKey(m_stack.apiKey().toUtf8()).exitCode, 0);
        QCOMPARE(run({u"api-key"_s, u"remove"_s, u"--gateway"_s, gateway()}).exitCode, 0);
        QCOMPARE(chat().exitCode, 3);
        // Removing what is not there is not an error.
        QCOMPARE(run({u"api-key"_s, u"remove"_s, u"--gateway"_s, gateway()}).exitCode, 0);
    }

    void badKeysAreRefused_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("nothing") << QByteArray();
        QTest::newRow("blank line") << QByteArray("   \n");
        QTest::newRow("inner space") << QByteArray("sk-abc def\n");
        QTest::newRow("control character") << QByteArray("sk-abc\x01"
                                                         "def\n");
    }

    void badKeysAreRefused()
    {
        QFETCH(QByteArray, input);
        const Result result = setKey(input);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(!result.err.isEmpty());
    }

    void proxyPasswordFromTheKeychain()
    {
        QCOMPARE(setKey(m_stack.apiKey().toUtf8()).exitCode, 0);
        QUrl proxy = m_stack.proxyUrl();
        proxy.setUserName(m_stack.proxyUser());
        const QString proxyArgument = proxy.toString();
        const QStringList chatThroughProxy{u"chat"_s, u"--gateway"_s, gateway(), u"--ca-file"_s, m_caFile, u"--proxy"_s,
            proxyArgument, u"--model"_s, u"scripted-echo"_s, u"through the proxy"_s};

        // No password stored yet: a clear error before any request.
        const qsizetype before = m_stack.proxyRequests().size();
        const Result missing = run(chatThroughProxy);
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains("proxy-password set"), missing.err.constData());
        QCOMPARE(m_stack.proxyRequests().size(), before);

        QCOMPARE(
            run({u"proxy-password"_s, u"set"_s, u"--proxy"_s, proxyArgument}, m_stack.proxyPassword().toUtf8() + '\n')
                .exitCode,
            0);
        const Result answer = run(chatThroughProxy);
        QCOMPARE(answer.exitCode, 0);
        QVERIFY2(answer.out.startsWith("You said: through the proxy"), answer.out.constData());
        QVERIFY(m_stack.proxyRequests().size() > before);

        QCOMPARE(run({u"proxy-password"_s, u"set"_s, u"--proxy"_s, proxyArgument}, "not the password\n").exitCode, 0);
        const Result refused = run(chatThroughProxy);
        QCOMPARE(refused.exitCode, 4);
        QVERIFY2(refused.err.contains("proxy"), refused.err.constData());
        QVERIFY(!refused.err.contains("not the password"));

        // A password in the address is refused: it would show in the process list.
        QUrl withPassword = proxy;
        withPassword.setPassword(u"secret"_s);
        QCOMPARE(
            run({u"chat"_s, u"--gateway"_s, gateway(), u"--proxy"_s, withPassword.toString(), u"hi"_s}).exitCode, 2);
    }

    void keyOfTheConnectionInUse()
    {
        // With a connection imported (or set by policy), the key needs no --gateway.
        const QString profile = m_dir.filePath(u"profile.json"_s);
        QFile file(profile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(
            QJsonObject{{u"format"_s, u"streamcanvas-connection"_s}, {u"version"_s, 1}, {u"gateway"_s, gateway()},
                {u"auth"_s, u"api-key"_s}, {u"caCertificates"_s, QString::fromLatin1(m_stack.caCertificatesPem())}})
                       .toJson());
        file.close();
        QCOMPARE(run({u"connection"_s, u"import"_s, profile}).exitCode, 0);
        QCOMPARE(run({u"api-key"_s, u"remove"_s}).exitCode, 0);
        QCOMPARE(run({u"models"_s, u"--proxy"_s, u"none"_s}).exitCode, 3);
        QCOMPARE(run({u"api-key"_s, u"set"_s}, m_stack.apiKey().toUtf8() + '\n').exitCode, 0);
        const Result models = run({u"models"_s, u"--proxy"_s, u"none"_s});
        QCOMPARE(models.exitCode, 0);
        QVERIFY(models.out.contains("scripted-echo"));
        QCOMPARE(run({u"connection"_s, u"clear"_s}).exitCode, 0);
        // Without a connection it has to be named again.
        QCOMPARE(run({u"api-key"_s, u"set"_s}, "sk-x\n").exitCode, 2);
    }

    void keyIsPerGateway()
    {
        QCOMPARE(setKey(m_stack.apiKey().toUtf8()).exitCode, 0);
        // The same host on another port is another gateway: no key there.
        const Result other = run({u"models"_s, u"--gateway"_s, m_stack.untrustedGatewayUrl().toString(), u"--ca-file"_s,
            m_caFile, u"--proxy"_s, u"none"_s});
        QCOMPARE(other.exitCode, 3);
    }
};

QTEST_GUILESS_MAIN(tst_ApiKeyCommand)
#include "tst_ApiKeyCommand.moc"
