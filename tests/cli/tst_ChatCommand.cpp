// streamcanvas-cli models and chat as a user runs them, against the real nginx gateway.
#include "CliRunner.h"
#include "LocalStack.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using streamcanvas::testsupport::LocalStack;

using Result = streamcanvas::testsupport::CliResult;

class tst_ChatCommand : public QObject
{
    Q_OBJECT

private:
    LocalStack m_stack;
    QTemporaryDir m_dir;
    QString m_caFile;

    // The open route needs no credentials, so these tests need no keychain.
    QStringList connection() const
    {
        return {u"--gateway"_s, m_stack.gatewayUrl().toString() + u"/open"_s, u"--auth"_s, u"none"_s, u"--ca-file"_s,
            m_caFile, u"--proxy"_s, u"none"_s};
    }

    Result run(const QStringList &arguments, const QByteArray &input = {})
    {
        return streamcanvas::testsupport::runCli(QStringLiteral(STREAMCANVAS_CLI), arguments, input, 120'000);
    }

    Result chat(const QString &model, const QString &prompt, const QStringList &extra = {})
    {
        return run(
            QStringList{u"chat"_s} + connection() + QStringList{u"--model"_s, model} + extra + QStringList{prompt});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_stack.start(&error), qPrintable(error));
        QVERIFY(m_dir.isValid());
        m_caFile = m_dir.filePath(u"ca.pem"_s);
        QFile file(m_caFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(m_stack.caCertificatesPem());
    }

    void models()
    {
        const Result result = run(QStringList{u"models"_s} + connection());
        QCOMPARE(result.exitCode, 0);
        const QList<QByteArray> lines = result.out.trimmed().split('\n');
        QVERIFY2(lines.contains("scripted-echo"), result.out.constData());
        QVERIFY(lines.contains("scripted-long"));
    }

    void rawStreamsTheMarkdownAsReceived()
    {
        const Result result = chat(u"scripted-echo"_s, u"Hello **there**"_s, {u"--system"_s, u"Be brief."_s});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.startsWith("You said: Hello **there**"), result.out.constData());
        QVERIFY(result.out.contains("System: Be brief."));
    }

    void promptFromStandardInput()
    {
        const Result result
            = run(QStringList{u"chat"_s} + connection() + QStringList{u"--model"_s, u"scripted-echo"_s, u"-"_s},
                "from stdin\n");
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.startsWith("You said: from stdin"), result.out.constData());
    }

    void textIsRenderedAndSanitized()
    {
        // The echo brings hostile bytes back: an escape sequence and a bidi override.
        const QString prompt = u"see [site](javascript:alert(1)) \u001b[31mred \u202Egnp.exe"_s;
        const Result text = chat(u"scripted-echo"_s, prompt, {u"--format"_s, u"text"_s});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(!text.out.contains('\x1b'));
        QVERIFY(!text.out.contains("\xE2\x80\xAE"));
        QVERIFY2(text.out.contains("U+202E"), text.out.constData());
        QVERIFY(!text.out.contains("**"));

        // Raw to a pipe passes the bytes on unchanged: it is for other programs.
        const Result raw = chat(u"scripted-echo"_s, prompt);
        QVERIFY(raw.out.contains('\x1b'));
    }

    void longAnswerAsText()
    {
        const Result result = chat(u"scripted-long"_s, u"long"_s, {u"--format"_s, u"text"_s});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.size() > 10'000);
    }

    void jsonEvents()
    {
        const Result result = chat(u"scripted-reasoning"_s, u"think"_s, {u"--format"_s, u"json"_s});
        QCOMPARE(result.exitCode, 0);
        QStringList events;
        QString content;
        for (const QByteArray &line : result.out.trimmed().split('\n')) {
            QJsonParseError error;
            const QJsonObject event = QJsonDocument::fromJson(line, &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError, line.constData());
            events.append(event.value(u"event"_s).toString());
            if (events.last() == u"content"_s)
                content += event.value(u"text"_s).toString();
        }
        QCOMPARE(events.first(), u"started"_s);
        QCOMPARE(events.last(), u"finished"_s);
        QVERIFY(events.contains(u"reasoning"_s));
        QVERIFY(events.contains(u"content"_s));
        QVERIFY(events.contains(u"usage"_s));
        QVERIFY(events.contains(u"finish_reason"_s));
        QVERIFY(events.indexOf(u"reasoning"_s) < events.indexOf(u"content"_s));
        QVERIFY(!content.isEmpty());
    }

    void exitCodes_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("403 permission") << u"scripted-status-403"_s << 3;
        QTest::newRow("404 model") << u"scripted-status-404"_s << 4;
        QTest::newRow("500 gateway") << u"scripted-status-500"_s << 4;
        QTest::newRow("error mid-answer") << u"scripted-error-object"_s << 4;
        QTest::newRow("dropped") << u"scripted-drop"_s << 5;
        QTest::newRow("no [DONE]") << u"scripted-no-done"_s << 5;
    }

    void exitCodes()
    {
        QFETCH(QString, model);
        QFETCH(int, exitCode);
        const Result result = chat(model, u"exit code"_s);
        QCOMPARE(result.exitCode, exitCode);
        QVERIFY(!result.err.isEmpty());
        // Never an internal address, a key or a raw body.
        for (const QByteArray &leak : {"10.20.30.40"_ba, "sk-live"_ba, "session123"_ba, "<html"_ba})
            QVERIFY2(!result.err.contains(leak), result.err.constData());
        if (exitCode == 5) // interrupted: the partial answer is on stdout
            QVERIFY(!result.out.isEmpty());
    }

    void ctrlCKeepsThePartialAnswer()
    {
        QProcess process;
        process.start(QStringLiteral(STREAMCANVAS_CLI),
            QStringList{u"chat"_s} + connection() + QStringList{u"--model"_s, u"scripted-slow"_s, u"slowly"_s});
        QVERIFY(process.waitForStarted());
        process.closeWriteChannel();
        // Some words in, and more to come (the scripted model sends one every 50 ms).
        QVERIFY(QTest::qWaitFor([&] { return process.bytesAvailable() >= 10; }, 20'000));
        ::kill(pid_t(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(10'000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 130);
        const QByteArray out = process.readAll() + process.readAllStandardOutput();
        QVERIFY2(out.startsWith("You said"), out.constData());
        QVERIFY2(!out.contains("Counting: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26"),
            out.constData());
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no prompt") << QStringList{u"chat"_s, u"--gateway"_s, u"https://ai.example.com"_s};
        QTest::newRow("no gateway") << QStringList{u"chat"_s, u"hi"_s};
        QTest::newRow("plain http elsewhere")
            << QStringList{u"chat"_s, u"--gateway"_s, u"http://ai.example.com"_s, u"hi"_s};
        QTest::newRow("bad auth") << QStringList{
            u"chat"_s, u"--gateway"_s, u"https://ai.example.com"_s, u"--auth"_s, u"magic"_s, u"hi"_s};
        QTest::newRow("bad format") << QStringList{
            u"chat"_s, u"--gateway"_s, u"https://ai.example.com"_s, u"--format"_s, u"html"_s, u"hi"_s};
        QTest::newRow("bad proxy") << QStringList{
            u"chat"_s, u"--gateway"_s, u"https://ai.example.com"_s, u"--proxy"_s, u"socks5://x:1"_s, u"hi"_s};
        QTest::newRow("missing CA file") << QStringList{
            u"models"_s, u"--gateway"_s, u"https://ai.example.com"_s, u"--ca-file"_s, u"/nonexistent.pem"_s};
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        const Result result = run(arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.isEmpty());
        QVERIFY(!result.err.isEmpty());
    }

    void unreachableGatewayIsAGatewayFailure()
    {
        const Result result = run(
            {u"models"_s, u"--gateway"_s, u"https://127.0.0.1:1"_s, u"--auth"_s, u"none"_s, u"--proxy"_s, u"none"_s});
        QCOMPARE(result.exitCode, 4);
        QVERIFY(!result.err.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_ChatCommand)
#include "tst_ChatCommand.moc"
