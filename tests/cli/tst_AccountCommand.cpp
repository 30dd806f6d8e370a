// streamcanvas-cli login, status, logout and chat with --auth oidc, as a user runs them:
// the real identity provider, the real gateway, a private gnome-keyring, and headless
// Chromium as the browser the CLI opens.
#include "CliRunner.h"
#include "LocalStack.h"
#include "PlaywrightBrowser.h"

#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using streamcanvas::testsupport::LocalStack;

using Result = streamcanvas::testsupport::CliResult;

class tst_AccountCommand : public QObject
{
    Q_OBJECT

private:
    LocalStack m_stack;
    QTemporaryDir m_dir;
    QString m_caFile;
    QString m_browser;

    QStringList connection(const QString &command) const
    {
        return {command, u"--gateway"_s, m_stack.gatewayUrl().toString(), u"--issuer"_s, m_stack.issuerUrl().toString(),
            u"--client-id"_s, m_stack.clientId(), u"--ca-file"_s, m_caFile, u"--proxy"_s, u"none"_s};
    }

    Result run(const QString &command, const QStringList &extra = {})
    {
        QStringList arguments{command, u"--gateway"_s, m_stack.gatewayUrl().toString(), u"--issuer"_s,
            m_stack.issuerUrl().toString(), u"--client-id"_s, m_stack.clientId(), u"--ca-file"_s, m_caFile,
            u"--proxy"_s, u"none"_s};
        arguments += extra;
        return streamcanvas::testsupport::runCli(QStringLiteral(STREAMCANVAS_CLI), arguments, {}, 120'000);
    }

    static void expectNoToken(const Result &result)
    {
        // JWTs start with a base64url JSON header.
        QVERIFY2(!result.out.contains("eyJ") && !result.err.contains("eyJ"), result.out.constData());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariable("STREAMCANVAS_TEST_KEYCHAIN") == u"unlocked"_s,
            "run this test through the headless keychain launcher");
        QString error;
        LocalStack::Options options;
        options.idp = true;
        QVERIFY2(m_stack.start(&error, options), qPrintable(error));
        m_caFile = m_dir.filePath(u"ca.pem"_s);
        QFile ca(m_caFile);
        QVERIFY(ca.open(QIODevice::WriteOnly));
        ca.write(m_stack.caCertificatesPem());
        ca.close();
        // The "browser" the CLI starts with the sign-in address: headless Chromium signing in
        // as the stack's user.
        m_browser = m_dir.filePath(u"browser.sh"_s);
        QFile script(m_browser);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(u"#!/bin/sh\nexec '%1' '%2' --ca-file '%3' \"$1\" '%4' '%5' >/dev/null\n"_s
                         .arg(QStringLiteral(STREAMCANVAS_NODE), QStringLiteral(STREAMCANVAS_SIGN_IN_SCRIPT), m_caFile,
                             m_stack.userName(), m_stack.userPassword())
                         .toUtf8());
        script.close();
        QVERIFY(QFile::setPermissions(m_browser, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    }

    void signInChatSignOut()
    {
        const Result before = run(u"status"_s);
        QCOMPARE(before.exitCode, 3);
        QVERIFY2(before.out.contains("Not signed in"), before.out.constData());
        QCOMPARE(run(u"chat"_s, {u"--model"_s, u"scripted-echo"_s, u"hi"_s}).exitCode, 3);

        const Result login = run(u"login"_s, {u"--browser"_s, m_browser});
        QVERIFY2(login.exitCode == 0, login.err.constData());
        QVERIFY2(login.out.contains("Signed in as"), login.out.constData());
        // The address to open is shown, for when no browser starts.
        QVERIFY(login.err.contains("open this address"));
        expectNoToken(login);

        const Result status = run(u"status"_s);
        QCOMPARE(status.exitCode, 0);
        QVERIFY2(status.out.contains(m_stack.userName().toUtf8()), status.out.constData());
        QVERIFY(status.out.contains(m_stack.issuerUrl().toString().toUtf8()));
        expectNoToken(status);

        const Result chat = run(u"chat"_s, {u"--model"_s, u"scripted-echo"_s, u"signed in"_s});
        QVERIFY2(chat.exitCode == 0, chat.err.constData());
        QVERIFY(chat.out.startsWith("You said: signed in"));
        // And again, in a new process: the rotated refresh token from the keychain works.
        QCOMPARE(run(u"models"_s).exitCode, 0);

        const Result logout = run(u"logout"_s);
        QVERIFY2(logout.exitCode == 0, logout.err.constData());
        QVERIFY(logout.out.contains("Signed out"));
        bool revoked = false;
        for (const QJsonObject &request : m_stack.idpRequests())
            revoked = revoked || request.value(u"path"_s).toString().contains(u"revoke"_s)
                || request.value(u"route"_s).toString().contains(u"revocation"_s);
        QVERIFY(revoked);

        QCOMPARE(run(u"status"_s).exitCode, 3);
        QCOMPARE(run(u"chat"_s, {u"--model"_s, u"scripted-echo"_s, u"hi"_s}).exitCode, 3);
    }

    void secondConcurrentSignInIsRefused()
    {
        // The first sign-in waits for a browser that never comes back.
        QProcess first;
        first.start(QStringLiteral(STREAMCANVAS_CLI), connection(u"login"_s) + QStringList{u"--browser"_s, u"true"_s});
        QVERIFY(first.waitForStarted());
        QByteArray shown;
        QVERIFY(QTest::qWaitFor(
            [&] {
                shown += first.readAllStandardError();
                return shown.contains("open this address");
            },
            30'000));

        const Result second = run(u"login"_s, {u"--browser"_s, u"true"_s});
        QCOMPARE(second.exitCode, 3);
        QVERIFY2(second.err.contains("already under way"), second.err.constData());

        first.kill();
        first.waitForFinished();
        // With the first one gone, signing in works again.
        QCOMPARE(run(u"login"_s, {u"--browser"_s, m_browser}).exitCode, 0);
        QCOMPARE(run(u"logout"_s).exitCode, 0);
    }

    void signInWithACodeOnAnotherDevice()
    {
        QProcess login;
        login.start(QStringLiteral(STREAMCANVAS_CLI), connection(u"login"_s) + QStringList{u"--device"_s});
        QVERIFY(login.waitForStarted());
        login.closeWriteChannel();
        // The CLI shows where to go and which code to type.
        QByteArray shown;
        QVERIFY(QTest::qWaitFor(
            [&] {
                shown += login.readAllStandardError();
                return shown.contains("Waiting");
            },
            30'000));
        const QList<QByteArray> words = shown.left(shown.indexOf('\n')).split(' ');
        const QString code = QString::fromUtf8(words.last());
        QUrl where;
        for (const QByteArray &word : words) {
            if (word.startsWith("https://"))
                where = QUrl(QString::fromUtf8(word));
        }
        QVERIFY2(where.isValid() && !code.isEmpty(), shown.constData());

        // Someone approves it on their phone.
        streamcanvas::testsupport::PlaywrightBrowser phone(m_stack);
        QString error;
        QVERIFY2(phone.approveDevice(where, code, &error), qPrintable(error));

        QVERIFY(login.waitForFinished(60'000));
        QVERIFY2(login.exitCode() == 0, login.readAllStandardError().constData());
        QVERIFY(login.readAllStandardOutput().contains("Signed in as"));

        const Result chat = run(u"chat"_s, {u"--model"_s, u"scripted-echo"_s, u"from the device"_s});
        QVERIFY2(chat.exitCode == 0, chat.err.constData());
        QCOMPARE(run(u"logout"_s).exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(tst_AccountCommand)
#include "tst_AccountCommand.moc"
