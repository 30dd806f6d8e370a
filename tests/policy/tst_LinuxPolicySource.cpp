#include "policy/LinuxPolicySource.h"
#include "policy/PolicyService.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace streamcanvas::policy;

class tst_LinuxPolicySource : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void readsBothLevels();
    void missingRootIsNoPolicy();
    void filesMergeInNameOrderAndConflictsAreReported();
    void unsafeFilesAreIgnored_data();
    void unsafeFilesAreIgnored();
    void unsafeDirectoryIsIgnored();
    void wrongOwnerIsIgnored();
    void malformedFilesAreReported_data();
    void malformedFilesAreReported();
    void onlyJsonFilesCount();
    void liveReload();
    void liveReloadSeesNewDirectoriesAndRenames();

private:
    void write(const QString &relative, const QByteArray &content, QFile::Permissions permissions = {});
    QString path(const QString &relative) const { return m_dir->filePath(relative); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {

QStringList s_log; // streamcanvas.policy messages of the running test
QtMessageHandler s_previousHandler = nullptr;

void recordPolicyLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (qstrcmp(context.category, "streamcanvas.policy") == 0)
        s_log.append(message);
    s_previousHandler(type, context, message);
}

} // namespace

void tst_LinuxPolicySource::initTestCase()
{
    s_previousHandler = qInstallMessageHandler(recordPolicyLog);
}

void tst_LinuxPolicySource::init()
{
    s_log.clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // Created with the process umask; policy directories must not be group/world-writable.
    QVERIFY(::chmod(QFile::encodeName(m_dir->path()).constData(), 0755) == 0);
}

void tst_LinuxPolicySource::write(const QString &relative, const QByteArray &content, QFile::Permissions permissions)
{
    const QString file = path(relative);
    const QString directory = QFileInfo(file).absolutePath();
    if (!QDir(directory).exists()) {
        QVERIFY(QDir().mkpath(directory));
        QVERIFY(::chmod(QFile::encodeName(directory).constData(), 0755) == 0);
    }
    QSaveFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(content);
    QVERIFY(out.commit());
    QVERIFY(QFile::setPermissions(
        file, permissions ? permissions : QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
}

void tst_LinuxPolicySource::readsBothLevels()
{
    write(u"managed/10-connection.json"_s, R"({"GatewayUrl": "https://ai.example.com", "AllowedModels": ["gpt-4o*"]})");
    write(u"recommended/50-defaults.json"_s, R"({"LogLevel": "info"})");
    LinuxPolicySource source(m_dir->path(), ::geteuid());
    const PolicySourceReading reading = source.read();
    QVERIFY(reading.problems.isEmpty());
    QCOMPARE(reading.values.size(), 3);
    const auto gateway = std::find_if(reading.values.begin(), reading.values.end(),
        [](const RawPolicyValue &value) { return value.name == u"GatewayUrl"_s; });
    QVERIFY(gateway != reading.values.end());
    QCOMPARE(gateway->value, QJsonValue(u"https://ai.example.com"_s));
    QCOMPARE(gateway->level, PolicyLevel::Mandatory);
    QCOMPARE(gateway->scope, PolicyScope::Machine);
    QCOMPARE(gateway->origin, path(u"managed/10-connection.json"_s));
    QCOMPARE(reading.values.at(2).name, u"LogLevel"_s);
    QCOMPARE(reading.values.at(2).level, PolicyLevel::Recommended);
    QCOMPARE(reading.values.at(2).value, QJsonValue(u"info"_s));
}

void tst_LinuxPolicySource::missingRootIsNoPolicy()
{
    LinuxPolicySource source(path(u"nothing-here"_s), ::geteuid());
    const PolicySourceReading reading = source.read();
    QVERIFY(reading.values.isEmpty());
    QVERIFY(reading.problems.isEmpty());
}

void tst_LinuxPolicySource::filesMergeInNameOrderAndConflictsAreReported()
{
    write(u"managed/90-site.json"_s, R"({"HistoryRetentionDays": 30, "LogLevel": "error"})");
    write(u"managed/10-base.json"_s, R"({"HistoryRetentionDays": 90, "AllowExport": false, "LogLevel": "error"})");
    LinuxPolicySource source(m_dir->path(), ::geteuid());
    const PolicySourceReading reading = source.read();
    QCOMPARE(reading.values.size(), 3);
    const auto value = [&](const QString &name) {
        for (const RawPolicyValue &candidate : reading.values) {
            if (candidate.name == name)
                return candidate;
        }
        return RawPolicyValue{};
    };
    QCOMPARE(value(u"HistoryRetentionDays"_s).value, QJsonValue(30)); // the later file wins
    QCOMPARE(value(u"HistoryRetentionDays"_s).origin, path(u"managed/90-site.json"_s));
    QCOMPARE(value(u"AllowExport"_s).origin, path(u"managed/10-base.json"_s));
    // Only a real conflict is reported: the same value twice is not one.
    QCOMPARE(reading.problems.size(), 1);
    QCOMPARE(reading.problems.first().severity, SourceProblem::Severity::Warning);
    QCOMPARE(reading.problems.first().message,
        u"HistoryRetentionDays is also set in %1; the value of 90-site.json (later in file-name order) is used"_s.arg(
            path(u"managed/10-base.json"_s)));
}

void tst_LinuxPolicySource::unsafeFilesAreIgnored_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("message");
    QTest::newRow("group-writable") << 0664 << u"ignored: the file is writable by group or others"_s;
    QTest::newRow("world-writable") << 0646 << u"ignored: the file is writable by group or others"_s;
}

void tst_LinuxPolicySource::unsafeFilesAreIgnored()
{
    QFETCH(int, mode);
    QFETCH(QString, message);
    write(u"managed/10-good.json"_s, R"({"AllowExport": false})");
    write(u"managed/20-bad.json"_s, R"({"GatewayUrl": "https://evil.example.com"})");
    QVERIFY(::chmod(QFile::encodeName(path(u"managed/20-bad.json"_s)).constData(), mode_t(mode)) == 0);
    LinuxPolicySource source(m_dir->path(), ::geteuid());
    const PolicySourceReading reading = source.read();
    QCOMPARE(reading.values.size(), 1);
    QCOMPARE(reading.values.first().name, u"AllowExport"_s);
    QCOMPARE(reading.problems.size(), 1);
    QCOMPARE(reading.problems.first().origin, path(u"managed/20-bad.json"_s));
    QCOMPARE(reading.problems.first().message, message);
    QCOMPARE(reading.problems.first().severity, SourceProblem::Severity::Error);
}

void tst_LinuxPolicySource::unsafeDirectoryIsIgnored()
{
    write(u"managed/10-a.json"_s, R"({"AllowExport": false})");
    write(u"recommended/10-b.json"_s, R"({"LogLevel": "info"})");
    QVERIFY(::chmod(QFile::encodeName(path(u"managed"_s)).constData(), 0777) == 0);
    LinuxPolicySource source(m_dir->path(), ::geteuid());
    PolicySourceReading reading = source.read();
    QCOMPARE(reading.values.size(), 1);
    QCOMPARE(reading.values.first().name, u"LogLevel"_s);
    QCOMPARE(reading.problems.size(), 1);
    QCOMPARE(reading.problems.first().message,
        u"ignored: the directory is writable by group or others, so anyone could change policy"_s);

    // The root itself too.
    QVERIFY(::chmod(QFile::encodeName(m_dir->path()).constData(), 0775) == 0);
    reading = source.read();
    QVERIFY(reading.values.isEmpty());
    QCOMPARE(reading.problems.size(), 1);
    QCOMPARE(reading.problems.first().origin, m_dir->path());
}

void tst_LinuxPolicySource::wrongOwnerIsIgnored()
{
    write(u"managed/10-a.json"_s, R"({"AllowExport": false})");
    // Everything here belongs to the test user; a source that requires another owner (as
    // the product requires root) must refuse all of it.
    const uid_t other = ::geteuid() == 0 ? 1 : 0;
    LinuxPolicySource source(m_dir->path(), other);
    const PolicySourceReading reading = source.read();
    QVERIFY(reading.values.isEmpty());
    QCOMPARE(reading.problems.size(), 1);
    QVERIFY2(reading.problems.first().message.startsWith(u"ignored: the directory is not owned by "_s),
        qPrintable(reading.problems.first().message));
    if (other == 0)
        QVERIFY(reading.problems.first().message.contains(u"root"_s));
}

void tst_LinuxPolicySource::malformedFilesAreReported_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    QTest::newRow("not JSON") << QByteArray("{\"AllowExport\": false,}")
                              << u"ignored: not valid JSON: object is missing after a comma at offset 23"_s;
    QTest::newRow("an array") << QByteArray("[1, 2]") << u"ignored: expected a JSON object of policy names to values"_s;
    QTest::newRow("too large") << QByteArray(LinuxPolicySource::maxFileSize + 1, ' ')
                               << u"ignored: larger than 4194304 bytes"_s;
}

void tst_LinuxPolicySource::malformedFilesAreReported()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    write(u"managed/10-broken.json"_s, content);
    write(u"managed/20-fine.json"_s, R"({"AllowExport": false})");
    LinuxPolicySource source(m_dir->path(), ::geteuid());
    const PolicySourceReading reading = source.read();
    QCOMPARE(reading.values.size(), 1); // one bad file never takes the others with it
    QCOMPARE(reading.problems.size(), 1);
    QCOMPARE(reading.problems.first().message, message);
    QCOMPARE(reading.problems.first().origin, path(u"managed/10-broken.json"_s));
}

void tst_LinuxPolicySource::onlyJsonFilesCount()
{
    write(u"managed/10-a.json.bak"_s, R"({"AllowExport": false})");
    write(u"managed/README"_s, "not policy");
    QVERIFY(QFile::link(path(u"managed/10-a.json.bak"_s), path(u"managed/20-link.json"_s)));
    LinuxPolicySource source(m_dir->path(), ::geteuid());
    const PolicySourceReading reading = source.read();
    QVERIFY(reading.values.isEmpty());
    QCOMPARE(reading.problems.size(), 1);
    QCOMPARE(reading.problems.first().message, u"ignored: the file is not a regular file"_s);
}

void tst_LinuxPolicySource::liveReload()
{
    write(u"managed/10-a.json"_s, R"({"LogLevel": "error", "EncryptHistory": true})");
    LinuxPolicySource source(m_dir->path(), ::geteuid());
    PolicyService service(
        PolicySchema::builtIn(), {&source}, [](const QString &text, const ResolvedPolicy &) { return text; });
    service.load();
    QCOMPARE(service.current().effective().logLevel(), LogLevel::Error);
    service.watch(std::chrono::milliseconds(100));
    QSignalSpy changed(&service, &PolicyService::changed);

    // An editor writing a burst of saves: one change after the debounce, with both keys.
    write(u"managed/10-a.json"_s, R"({"LogLevel": "info", "EncryptHistory": true})");
    write(u"managed/10-a.json"_s, R"({"LogLevel": "debug", "EncryptHistory": false})");
    QVERIFY(changed.wait(5000));
    QTest::qWait(300);
    QCOMPARE(changed.size(), 1);
    const auto change = changed.first().first().value<PolicyChange>();
    QCOMPARE(change.live, QList<PolicyKey>{PolicyKey::LogLevel});
    QCOMPARE(change.restartNeeded, QList<PolicyKey>{PolicyKey::EncryptHistory}); // applies at the next start
    QVERIFY(change.previousSha256 != change.sha256);
    QCOMPARE(service.current().effective().logLevel(), LogLevel::Debug);
    QCOMPARE(service.current().sha256(), change.sha256);
    // The reload was logged with the new state's hash and its effective values.
    const QString expected = u"policy reloaded: sha256=%1 effective={"_s.arg(change.sha256);
    QVERIFY2(std::any_of(s_log.begin(), s_log.end(),
                 [&](const QString &line) {
                     return line.startsWith(expected) && line.contains(u"\"LogLevel\":\"debug\""_s);
                 }),
        qPrintable(s_log.join(u'\n')));
}

void tst_LinuxPolicySource::liveReloadSeesNewDirectoriesAndRenames()
{
    LinuxPolicySource source(m_dir->path(), ::geteuid());
    PolicyService service(
        PolicySchema::builtIn(), {&source}, [](const QString &text, const ResolvedPolicy &) { return text; });
    service.load();
    service.watch(std::chrono::milliseconds(100));
    QSignalSpy changed(&service, &PolicyService::changed);

    // managed/ does not exist yet when watching starts.
    write(u"managed/10-a.json"_s, R"({"AllowExport": false})");
    QTRY_COMPARE_WITH_TIMEOUT(service.current().effective().allowExport(), false, 5000);
    // A file appearing next to it (as a package manager installs one by rename).
    write(u"managed/20-b.json"_s, R"({"HistoryEnabled": false})");
    QTRY_COMPARE_WITH_TIMEOUT(service.current().effective().historyEnabled(), false, 5000);
    // Deleting a file takes its policy away.
    QVERIFY(QFile::remove(path(u"managed/10-a.json"_s)));
    QTRY_COMPARE_WITH_TIMEOUT(service.current().effective().allowExport(), true, 5000);
    QVERIFY(changed.size() >= 3);
}

QTEST_GUILESS_MAIN(tst_LinuxPolicySource)
#include "tst_LinuxPolicySource.moc"
