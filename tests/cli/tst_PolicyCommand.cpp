// Managed policy as the CLI applies it: "policy", the managed connection used for chat and
// models, fail-closed security policies, connection profiles. The CLI under test reads its
// policy from a private directory (see policy_cli_main.cpp); the product CLI must ignore it.
#include "CliRunner.h"
#include "LocalStack.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using streamcanvas::testsupport::LocalStack;

using Result = streamcanvas::testsupport::CliResult;

class tst_PolicyCommand : public QObject
{
    Q_OBJECT

private:
    LocalStack m_stack;
    QTemporaryDir m_dir;
    QString m_root;

    Result run(const QStringList &arguments, const QString &program = QStringLiteral(STREAMCANVAS_POLICY_CLI))
    {
        return streamcanvas::testsupport::runCli(program, arguments, {}, 120'000);
    }

    void write(const QString &relative, const QJsonObject &object)
    {
        const QString file = m_root + u'/' + relative;
        QDir().mkpath(QFileInfo(file).absolutePath());
        ::chmod(QFile::encodeName(QFileInfo(file).absolutePath()).constData(), 0755);
        QSaveFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(object).toJson());
        QVERIFY(out.commit());
        QVERIFY(
            QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    }

    QString openGateway() const { return m_stack.gatewayUrl().toString() + u"/open"_s; }

    QJsonObject managedConnection() const
    {
        return {{u"GatewayUrl"_s, openGateway()}, {u"AuthMode"_s, u"none"_s},
            {u"ExtraCaCertificates"_s, QString::fromLatin1(m_stack.caCertificatesPem())},
            {u"ProxyMode"_s, u"direct"_s}};
    }

    static QJsonObject policyNamed(const QJsonObject &output, const QString &name)
    {
        for (const QJsonValue &policy : output.value(u"policies"_s).toArray()) {
            if (policy[u"name"_s].toString() == name)
                return policy.toObject();
        }
        return {};
    }

    QJsonObject policyJson()
    {
        const Result result = run({u"policy"_s, u"--json"_s});
        if (result.exitCode != 0)
            qWarning() << result.err;
        return QJsonDocument::fromJson(result.out).object();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_stack.start(&error), qPrintable(error));
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        // A fresh policy directory and no user settings for every test.
        m_root = m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()));
        QVERIFY(QDir().mkpath(m_root));
        QVERIFY(::chmod(QFile::encodeName(m_root).constData(), 0755) == 0);
        qputenv("STREAMCANVAS_TEST_POLICY_ROOT", QFile::encodeName(m_root));
        QFile::remove(
            QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + u"/streamcanvas/settings.json"_s);
    }

    void cleanup() { QVERIFY(m_stack.canaryRequests().isEmpty()); }

    void sampleManagedAndRecommendedSetup()
    {
        // The examples shipped for admins, as they are.
        for (const QString &level : {u"managed"_s, u"recommended"_s}) {
            const QDir examples(QStringLiteral(STREAMCANVAS_POLICY_EXAMPLES) + u'/' + level);
            const QStringList files = examples.entryList({u"*.json"_s}, QDir::Files);
            QVERIFY(!files.isEmpty());
            for (const QString &name : files) {
                QFile file(examples.filePath(name));
                QVERIFY(file.open(QIODevice::ReadOnly));
                write(level + u'/' + name, QJsonDocument::fromJson(file.readAll()).object());
            }
        }
        const Result table = run({u"policy"_s});
        QCOMPARE(table.exitCode, 0);
        qInfo().noquote() << "\n" << QString::fromUtf8(table.out);
        QVERIFY2(table.out.contains("Chatting: allowed"), table.out.constData());
        QVERIFY(table.out.contains(QByteArray(QByteArray("Policy sources: ") + m_root.toUtf8())));
        const QRegularExpression gateway(
            u"^GatewayUrl +https://ai\\.example\\.com/v1 +mandatory +machine +ok +%1$"_s.arg(
                QRegularExpression::escape(m_root + u"/managed/10-connection.json"_s)),
            QRegularExpression::MultilineOption);
        QVERIFY2(gateway.match(QString::fromUtf8(table.out)).hasMatch(), table.out.constData());

        const QJsonObject json = policyJson();
        QCOMPARE(json.value(u"policies"_s).toArray().size(), 32);
        QCOMPARE(json.value(u"sha256"_s).toString().size(), 64);
        const QJsonObject url = policyNamed(json, u"GatewayUrl"_s);
        QCOMPARE(url[u"level"_s].toString(), u"mandatory"_s);
        QCOMPARE(url[u"scope"_s].toString(), u"machine"_s);
        QCOMPARE(url[u"status"_s].toString(), u"ok"_s);
        QVERIFY(url[u"locked"_s].toBool());
        const QJsonObject logLevel = policyNamed(json, u"LogLevel"_s);
        QCOMPARE(logLevel[u"level"_s].toString(), u"recommended"_s);
        QCOMPARE(logLevel[u"source"_s].toString(), m_root + u"/recommended/50-defaults.json"_s);
        QVERIFY(!logLevel[u"locked"_s].toBool());
        const QJsonObject notSet = policyNamed(json, u"SupportUrl"_s);
        QCOMPARE(notSet[u"level"_s].toString(), u"default"_s);
        QCOMPARE(notSet[u"status"_s].toString(), u"default"_s);
    }

    void statusesUnknownKeysAndUnsafeFiles()
    {
        write(u"managed/10-a.json"_s, {{u"AllowedModels"_s, QJsonArray{u"gpt-4o*"_s, 42}}, {u"Telemetry"_s, true}});
        write(u"recommended/10-b.json"_s, {{u"AllowUserConnections"_s, false}, {u"LogLevel"_s, u"info"_s}});
        write(u"managed/20-open.json"_s, {{u"AllowExport"_s, false}});
        QVERIFY(::chmod(QFile::encodeName(m_root + u"/managed/20-open.json"_s).constData(), 0666) == 0);

        const QJsonObject json = policyJson();
        const QJsonObject models = policyNamed(json, u"AllowedModels"_s);
        QCOMPARE(models[u"status"_s].toString(), u"default"_s);
        const QJsonObject rejected = models[u"candidates"_s][0].toObject();
        QCOMPARE(rejected[u"status"_s].toString(), u"error"_s);
        QCOMPARE(rejected[u"message"_s].toString(), u"AllowedModels[1]: expected a string, got 42"_s);
        QCOMPARE(rejected[u"source"_s].toString(), m_root + u"/managed/10-a.json"_s);
        const QJsonObject connections = policyNamed(json, u"AllowUserConnections"_s)[u"candidates"_s][0].toObject();
        QCOMPARE(connections[u"status"_s].toString(), u"ignored"_s);
        QCOMPARE(
            policyNamed(json, u"AllowExport"_s)[u"value"_s], QJsonValue(true)); // the unsafe file counts for nothing
        QCOMPARE(json[u"unknownPolicies"_s][0][u"name"_s].toString(), u"Telemetry"_s);
        QStringList messages;
        for (const QJsonValue &message : json[u"messages"_s].toArray())
            messages.append(message[u"message"_s].toString() + u" | "_s + message[u"source"_s].toString());
        QVERIFY2(messages.contains(
                     u"ignored: the file is writable by group or others | %1/managed/20-open.json"_s.arg(m_root)),
            qPrintable(messages.join(u'\n')));
        QVERIFY(json[u"chatAllowed"_s].toBool()); // none of these is a security policy

        const Result table = run({u"policy"_s});
        QVERIFY(table.out.contains("Unknown policies (ignored):\n  Telemetry"));
        QVERIFY(table.out.contains("error: AllowedModels[1]: expected a string, got 42"));
    }

    void invalidSecurityPolicyDisablesChatBeforeAnyRequest()
    {
        write(u"managed/10-a.json"_s, {{u"GatewayUrl"_s, u"http://ai.example.com"_s}});
        const qsizetype before = m_stack.upstreamRequests().size();
        const QStringList accessLogBefore = m_stack.nginxAccessLog();
        const Result result = run({u"chat"_s, u"--gateway"_s, openGateway(), u"--auth"_s, u"none"_s, u"--ca-file"_s,
            m_stack.caFile(), u"hi"_s});
        QCOMPARE(result.exitCode, 3);
        QVERIFY(result.out.isEmpty());
        QVERIFY2(result.err.contains("chatting is disabled: GatewayUrl has an invalid value"), result.err.constData());
        QVERIFY2(result.err.contains(QFile::encodeName(m_root + u"/managed/10-a.json"_s)), result.err.constData());
        QCOMPARE(m_stack.upstreamRequests().size(), before);
        QCOMPARE(m_stack.nginxAccessLog(), accessLogBefore); // not even a connection to the gateway

        const QJsonObject json = policyJson();
        QVERIFY(!json[u"chatAllowed"_s].toBool());
        QCOMPARE(policyNamed(json, u"GatewayUrl"_s)[u"status"_s].toString(), u"error"_s);
        QVERIFY(run({u"policy"_s}).out.contains("Chatting: DISABLED by policy"));
    }

    void managedConnectionIsUsed()
    {
        QJsonObject managed = managedConnection();
        managed.insert(u"AllowedModels"_s, QJsonArray{u"scripted-ec*"_s});
        managed.insert(u"OrganizationSystemPrompt"_s, u"Follow the Example Corp rules."_s);
        write(u"managed/10-connection.json"_s, managed);

        const Result models = run({u"models"_s});
        QCOMPARE(models.exitCode, 0);
        QCOMPARE(models.out, QByteArray("scripted-echo\n"));

        const Result answer = run({u"chat"_s, u"hello from policy"_s});
        QCOMPARE(answer.exitCode, 0);
        QVERIFY2(answer.out.startsWith("You said: hello from policy"), answer.out.constData());
        QVERIFY2(answer.out.contains("System: Follow the Example Corp rules."), answer.out.constData());
        QVERIFY(answer.err.contains("scripted-echo"));

        const Result forbidden = run({u"chat"_s, u"--model"_s, u"scripted-long"_s, u"hi"_s});
        QCOMPARE(forbidden.exitCode, 3);
        QVERIFY2(forbidden.err.contains("not allowed by your organization (AllowedModels)"), forbidden.err.constData());

        const Result elsewhere = run({u"chat"_s, u"--gateway"_s, u"https://other.example.com"_s, u"hi"_s});
        QCOMPARE(elsewhere.exitCode, 2);
        QVERIFY2(elsewhere.err.contains("--gateway cannot be used: GatewayUrl is set by your organization's policy"),
            elsewhere.err.constData());
        // The same value policy sets is harmless.
        QCOMPARE(run({u"models"_s, u"--gateway"_s, openGateway()}).exitCode, 0);
    }

    void connectionProfiles()
    {
        const QString profile = m_dir.filePath(u"example-corp.json"_s);
        const auto writeProfile = [&](const QJsonObject &object) {
            QFile file(profile);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(QJsonDocument(object).toJson());
        };
        QJsonObject object{{u"format"_s, u"streamcanvas-connection"_s}, {u"version"_s, 1},
            {u"name"_s, u"Example Corp"_s}, {u"gateway"_s, openGateway()}, {u"auth"_s, u"none"_s},
            {u"caCertificates"_s, QString::fromLatin1(m_stack.caCertificatesPem())}};
        writeProfile(object);
        const Result imported = run({u"connection"_s, u"import"_s, profile});
        QCOMPARE(imported.exitCode, 0);
        QVERIFY2(imported.out.contains("Imported the connection \u201cExample Corp\u201d."), imported.out.constData());

        const Result answer = run({u"chat"_s, u"--proxy"_s, u"none"_s, u"--model"_s, u"scripted-echo"_s, u"hi"_s});
        QCOMPARE(answer.exitCode, 0);
        QVERIFY(answer.out.startsWith("You said: hi"));
        const QJsonObject url = policyNamed(policyJson(), u"GatewayUrl"_s);
        QCOMPARE(url[u"level"_s].toString(), u"user"_s);
        QVERIFY2(url[u"source"_s].toString().startsWith(u"connection profile \u201cExample Corp\u201d"_s),
            qPrintable(url[u"source"_s].toString()));

        // A profile with a secret is refused whole, and the imported one stays.
        object.insert(u"apiKey"_s, u"sk-live-abc"_s);
        writeProfile(object);
        const Result secret = run({u"connection"_s, u"import"_s, profile});
        QCOMPARE(secret.exitCode, 2);
        QVERIFY2(secret.err.contains("apiKey: a connection profile never holds secrets"), secret.err.constData());
        QVERIFY(!secret.err.contains("sk-live-abc"));
        QCOMPARE(run({u"models"_s, u"--proxy"_s, u"none"_s}).exitCode, 0);

        // Policy turns user connections off: no import, and the imported one is not used.
        write(u"managed/10-a.json"_s, {{u"AllowUserConnections"_s, false}});
        const Result refused = run({u"connection"_s, u"import"_s, profile});
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(refused.err.contains("does not allow setting up connections (AllowUserConnections is false in"),
            refused.err.constData());
        const Result unused = run({u"models"_s, u"--proxy"_s, u"none"_s});
        QCOMPARE(unused.exitCode, 2);
        QVERIFY2(unused.err.contains("no gateway given"), unused.err.constData());
        const Result flag = run({u"models"_s, u"--gateway"_s, openGateway()});
        QCOMPARE(flag.exitCode, 2);
        QVERIFY2(flag.err.contains("user connections are turned off by policy"), flag.err.constData());

        QCOMPARE(run({u"connection"_s, u"clear"_s}).exitCode, 0);
    }

    void reloadShowsWhatChanged()
    {
        write(u"managed/10-a.json"_s, {{u"LogLevel"_s, u"warning"_s}, {u"EncryptHistory"_s, true}});
        const QString before = policyJson()[u"sha256"_s].toString();
        const Result same = run({u"policy"_s, u"--reload"_s});
        QVERIFY2(same.out.startsWith("Reloaded: nothing changed since "), same.out.constData());

        write(u"managed/10-a.json"_s, {{u"LogLevel"_s, u"error"_s}, {u"EncryptHistory"_s, false}});
        const Result changed = run({u"policy"_s, u"--reload"_s});
        QCOMPARE(changed.exitCode, 0);
        qInfo().noquote() << "\n" << QString::fromUtf8(changed.out.left(changed.out.indexOf("Policy sources")));
        QVERIFY2(changed.out.contains(before.toLatin1()), changed.out.constData());
        QVERIFY2(changed.out.contains("  LogLevel: warning \u2192 error (applies now)\n"), changed.out.constData());
        QVERIFY2(changed.out.contains("  EncryptHistory: true \u2192 false (applies at the next start)\n"),
            changed.out.constData());
    }

    void effectivePolicyIsLoggedWithItsHash()
    {
        // A token pasted into a policy by mistake never reaches the log; the hosts policy
        // configures are shown.
        const QString token = u"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ"_s;
        write(u"managed/10-a.json"_s,
            {{u"LogLevel"_s, u"info"_s}, {u"GatewayUrl"_s, u"https://ai.example.com"_s},
                {u"OrganizationSystemPrompt"_s, QString(u"Use the token "_s + token)}});
        const Result result = run({u"policy"_s, u"--json"_s});
        QVERIFY2(!result.err.contains(token.toLatin1()), result.err.constData());
        QVERIFY2(result.err.contains("\"GatewayUrl\":\"https://ai.example.com\""), result.err.constData());
        const QString sha = QJsonDocument::fromJson(result.out).object()[u"sha256"_s].toString();
        QVERIFY2(
            result.err.contains(QByteArray(QByteArray("policy loaded: sha256=") + sha.toLatin1() + " effective={")),
            result.err.constData());
        // At the default level (warning) it is not logged.
        write(u"managed/10-a.json"_s, {{u"GatewayUrl"_s, u"https://ai.example.com"_s}});
        QVERIFY(!run({u"policy"_s}).err.contains("policy loaded"));
    }

    void productBuildIgnoresTheTestDirectory()
    {
        // Nothing a user controls (here: an environment variable) relocates managed policy.
        write(u"managed/10-a.json"_s, {{u"GatewayUrl"_s, u"https://ai.example.com"_s}});
        const Result result = run({u"policy"_s, u"--json"_s}, QStringLiteral(STREAMCANVAS_CLI));
        QCOMPARE(result.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(result.out).object();
        QCOMPARE(json[u"sources"_s].toArray(), QJsonArray{u"/etc/streamcanvas/policies"_s});
        QCOMPARE(policyNamed(json, u"GatewayUrl"_s)[u"source"_s], QJsonValue());
    }
};

QTEST_GUILESS_MAIN(tst_PolicyCommand)
#include "tst_PolicyCommand.moc"
