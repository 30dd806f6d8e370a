#include "policy/PolicyResolver.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace streamcanvas::policy;

namespace {

const PolicySchema &schema()
{
    return PolicySchema::builtIn();
}

RawPolicyValue raw(const QString &name, const QJsonValue &value, PolicyLevel level, PolicyScope scope,
    const QString &origin = u"test source"_s)
{
    return {name, value, level, scope, origin};
}

// The sources in precedence order, as the matrix test numbers them.
const QList<ValueSource> order{ValueSource::MachineMandatory, ValueSource::UserMandatory, ValueSource::UserSetting,
    ValueSource::MachineRecommended, ValueSource::UserRecommended};

} // namespace

class tst_PolicyResolver : public QObject
{
    Q_OBJECT

private slots:
    void precedenceMatrix();
    void nothingSetGivesDefaults();
    void invalidValueFallsBackForOrdinaryPolicies();
    void invalidSecurityPolicyFailsClosed_data();
    void invalidSecurityPolicyFailsClosed();
    void invalidUserValueOfSecurityPolicyIsOnlyReported();
    void invalidLosingValueIsStillReported();
    void levelsThePolicyDoesNotAllow();
    void userCannotSetAdminPolicies();
    void userConnectionsOff();
    void managedGatewayManagesTheWholeConnection();
    void unknownPolicies();
    void sourceProblemsAreKept();
    void hashFollowsTheEffectiveValues();
};

void tst_PolicyResolver::precedenceMatrix()
{
    // Every combination of the five places a value can come from: the first present one in
    // precedence order wins, the others are superseded, and only mandatory values lock.
    for (int mask = 1; mask < 32; ++mask) {
        PolicySourceReading reading;
        QList<UserValue> user;
        for (int i = 0; i < order.size(); ++i) {
            if (!(mask & (1 << i)))
                continue;
            const QString origin = u"source %1"_s.arg(i);
            switch (order.at(i)) {
            case ValueSource::MachineMandatory:
                reading.values.append(
                    raw(u"HistoryRetentionDays"_s, i + 1, PolicyLevel::Mandatory, PolicyScope::Machine, origin));
                break;
            case ValueSource::UserMandatory:
                reading.values.append(
                    raw(u"HistoryRetentionDays"_s, i + 1, PolicyLevel::Mandatory, PolicyScope::User, origin));
                break;
            case ValueSource::UserSetting:
                user.append({u"HistoryRetentionDays"_s, i + 1, origin});
                break;
            case ValueSource::MachineRecommended:
                reading.values.append(
                    raw(u"HistoryRetentionDays"_s, i + 1, PolicyLevel::Recommended, PolicyScope::Machine, origin));
                break;
            case ValueSource::UserRecommended:
                reading.values.append(
                    raw(u"HistoryRetentionDays"_s, i + 1, PolicyLevel::Recommended, PolicyScope::User, origin));
                break;
            case ValueSource::Default:
                break;
            }
        }
        // Sources deliver in any order: reverse them to be sure order comes from precedence.
        std::reverse(reading.values.begin(), reading.values.end());
        const ResolvedPolicy resolved = PolicyResolver::resolve(schema(), {reading}, user);
        const int winner = std::countr_zero(unsigned(mask));
        const PolicyEntry &entry = resolved.entry(PolicyKey::HistoryRetentionDays);
        const QByteArray contextBytes = "mask " + QByteArray::number(mask);
        const char *context = contextBytes.constData();
        QVERIFY2(entry.source == order.at(winner), context);
        QVERIFY2(resolved.effective().historyRetentionDays() == winner + 1, context);
        QVERIFY2(entry.origin == u"source %1"_s.arg(winner), context);
        QVERIFY2(entry.locked == (winner < 2), context);
        QVERIFY2(entry.candidates.size() == std::popcount(unsigned(mask)), context);
        for (const PolicyCandidate &candidate : entry.candidates) {
            const auto expected = candidate.source == order.at(winner) ? PolicyCandidate::Status::Applied
                                                                       : PolicyCandidate::Status::Superseded;
            QVERIFY2(candidate.status == expected, context);
        }
        QVERIFY2(resolved.messages().isEmpty(), context);
    }
}

void tst_PolicyResolver::nothingSetGivesDefaults()
{
    const ResolvedPolicy resolved = PolicyResolver::resolve(schema(), {}, {});
    QVERIFY(resolved.chatAllowed());
    QCOMPARE(resolved.effective().oidcClientId(), u"streamcanvas-desktop"_s);
    QCOMPARE(resolved.effective().allowedLinkSchemes(), (QStringList{u"https"_s, u"http"_s, u"mailto"_s}));
    QCOMPARE(resolved.effective().imageLoading(), ImageLoading::Never);
    QVERIFY(!resolved.effective().logPromptContent());
    QVERIFY(resolved.effective().gatewayUrl().isEmpty());
    QVERIFY(!resolved.effective().authMode().has_value());
    for (const PolicyEntry &entry : resolved.entries()) {
        QCOMPARE(entry.source, ValueSource::Default);
        QVERIFY(!entry.locked);
    }
}

void tst_PolicyResolver::invalidValueFallsBackForOrdinaryPolicies()
{
    PolicySourceReading reading;
    reading.values = {raw(u"HistoryRetentionDays"_s, u"ninety"_s, PolicyLevel::Mandatory, PolicyScope::Machine,
                          u"/etc/streamcanvas/policies/managed/10.json"_s),
        raw(u"HistoryRetentionDays"_s, 30, PolicyLevel::Recommended, PolicyScope::Machine, u"recommended.json"_s)};
    const ResolvedPolicy resolved = PolicyResolver::resolve(schema(), {reading}, {});
    QVERIFY(resolved.chatAllowed());
    QCOMPARE(resolved.effective().historyRetentionDays(), 30);
    QCOMPARE(resolved.entry(PolicyKey::HistoryRetentionDays).source, ValueSource::MachineRecommended);
    QCOMPARE(resolved.messages().size(), 1);
    QCOMPARE(resolved.messages().first().display(),
        uR"(HistoryRetentionDays: expected a whole number from 0 to 3650, got "ninety" (/etc/streamcanvas/policies/managed/10.json))"_s);
}

void tst_PolicyResolver::invalidSecurityPolicyFailsClosed_data()
{
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QJsonValue>("invalid");
    QTest::addColumn<QJsonValue>("userValue");
    QTest::addColumn<bool>("mandatory");

    QTest::newRow("GatewayUrl mandatory") << u"GatewayUrl"_s << QJsonValue(u"http://ai.example.com"_s)
                                          << QJsonValue(u"https://mine.example.com"_s) << true;
    QTest::newRow("GatewayUrl recommended")
        << u"GatewayUrl"_s << QJsonValue(u"ftp://ai.example.com"_s) << QJsonValue() << false;
    QTest::newRow("OidcIssuer") << u"OidcIssuer"_s << QJsonValue(42) << QJsonValue(u"https://idp.example.com"_s)
                                << true;
    QTest::newRow("ProxyServer") << u"ProxyServer"_s << QJsonValue(u"socks5://proxy:1080"_s)
                                 << QJsonValue(u"http://proxy.example.com:3128"_s) << true;
    QTest::newRow("PinnedPublicKeys") << u"PinnedPublicKeys"_s << QJsonValue(QJsonArray{u"abc"_s}) << QJsonValue()
                                      << true;
    QTest::newRow("ProxyMode") << u"ProxyMode"_s << QJsonValue(u"pac"_s) << QJsonValue(u"direct"_s) << true;
    QTest::newRow("AuthMode") << u"AuthMode"_s << QJsonValue(u"saml"_s) << QJsonValue(u"none"_s) << true;
}

void tst_PolicyResolver::invalidSecurityPolicyFailsClosed()
{
    QFETCH(QString, policy);
    QFETCH(QJsonValue, invalid);
    QFETCH(QJsonValue, userValue);
    QFETCH(bool, mandatory);
    const PolicyLevel level = mandatory ? PolicyLevel::Mandatory : PolicyLevel::Recommended;
    PolicySourceReading reading;
    reading.values = {raw(policy, invalid, level, PolicyScope::Machine, u"/etc/streamcanvas/policies/x.json"_s)};
    QList<UserValue> user;
    if (!userValue.isNull())
        user.append({policy, userValue, u"settings"_s});
    const ResolvedPolicy resolved = PolicyResolver::resolve(schema(), {reading}, user);

    QVERIFY(!resolved.chatAllowed());
    const PolicyEntry &entry = resolved.entry(*policyKeyByName(policy));
    QVERIFY(entry.blocked);
    QVERIFY(entry.value.isNull()); // neither the user's value nor the default
    QCOMPARE(resolved.blockingErrors().size(), 1);
    const QString message = resolved.blockingErrors().first().display();
    QVERIFY2(message.contains(policy), qPrintable(message));
    QVERIFY2(message.contains(u"/etc/streamcanvas/policies/x.json"_s), qPrintable(message));
    QVERIFY2(message.startsWith(u"chatting is disabled: "_s), qPrintable(message));
}

void tst_PolicyResolver::invalidUserValueOfSecurityPolicyIsOnlyReported()
{
    PolicySourceReading reading;
    reading.values
        = {raw(u"GatewayUrl"_s, u"https://ai.example.com"_s, PolicyLevel::Recommended, PolicyScope::Machine)};
    const ResolvedPolicy resolved
        = PolicyResolver::resolve(schema(), {reading}, {{u"GatewayUrl"_s, u"http://x.example.com"_s, u"settings"_s}});
    QVERIFY(resolved.chatAllowed());
    QCOMPARE(resolved.effective().gatewayUrl(), QUrl(u"https://ai.example.com"_s));
    QCOMPARE(resolved.entry(PolicyKey::GatewayUrl).candidates.first().status, PolicyCandidate::Status::Invalid);
}

void tst_PolicyResolver::invalidLosingValueIsStillReported()
{
    PolicySourceReading reading;
    reading.values = {raw(u"GatewayUrl"_s, u"https://ai.example.com"_s, PolicyLevel::Mandatory, PolicyScope::Machine),
        raw(u"GatewayUrl"_s, u"nonsense"_s, PolicyLevel::Recommended, PolicyScope::Machine, u"old.json"_s)};
    const ResolvedPolicy resolved = PolicyResolver::resolve(schema(), {reading}, {});
    QVERIFY(resolved.chatAllowed()); // the mandatory value decides; the bad one never mattered
    QCOMPARE(resolved.effective().gatewayUrl(), QUrl(u"https://ai.example.com"_s));
    QCOMPARE(resolved.messages().size(), 1);
    QCOMPARE(resolved.messages().first().origin, u"old.json"_s);
}

void tst_PolicyResolver::levelsThePolicyDoesNotAllow()
{
    PolicySourceReading reading;
    reading.values
        = {raw(u"AllowUserConnections"_s, false, PolicyLevel::Recommended, PolicyScope::Machine, u"r.json"_s)};
    const ResolvedPolicy resolved = PolicyResolver::resolve(schema(), {reading}, {});
    QVERIFY(resolved.effective().allowUserConnections());
    const PolicyCandidate &candidate = resolved.entry(PolicyKey::AllowUserConnections).candidates.first();
    QCOMPARE(candidate.status, PolicyCandidate::Status::Ignored);
    QCOMPARE(candidate.message, u"AllowUserConnections can only be set as mandatory policy"_s);
    QCOMPARE(
        resolved.messages().first().display(), u"AllowUserConnections can only be set as mandatory policy (r.json)"_s);
}

void tst_PolicyResolver::userCannotSetAdminPolicies()
{
    const ResolvedPolicy resolved = PolicyResolver::resolve(schema(), {},
        {{u"AllowedModels"_s, QJsonArray{u"*"_s}, u"settings"_s}, {u"LogPromptContent"_s, true, u"settings"_s}});
    QVERIFY(resolved.effective().allowedModels().isEmpty());
    QVERIFY(!resolved.effective().logPromptContent());
    QCOMPARE(resolved.entry(PolicyKey::LogPromptContent).candidates.first().message,
        u"LogPromptContent can only be set by policy"_s);
}

void tst_PolicyResolver::userConnectionsOff()
{
    PolicySourceReading reading;
    reading.values = {raw(u"AllowUserConnections"_s, false, PolicyLevel::Mandatory, PolicyScope::Machine),
        raw(u"GatewayUrl"_s, u"https://ai.example.com"_s, PolicyLevel::Recommended, PolicyScope::Machine)};
    const ResolvedPolicy resolved = PolicyResolver::resolve(schema(), {reading},
        {{u"GatewayUrl"_s, u"https://elsewhere.example.com"_s, u"settings"_s},
            {u"OidcIssuer"_s, u"https://idp.elsewhere.example.com"_s, u"settings"_s},
            {u"LogLevel"_s, u"debug"_s, u"settings"_s}});
    QCOMPARE(resolved.effective().gatewayUrl(), QUrl(u"https://ai.example.com"_s));
    QVERIFY(resolved.effective().oidcIssuer().isEmpty());
    QCOMPARE(resolved.entry(PolicyKey::GatewayUrl).candidates.first().status, PolicyCandidate::Status::Ignored);
    QCOMPARE(resolved.entry(PolicyKey::GatewayUrl).candidates.first().message,
        u"user connections are turned off by policy (AllowUserConnections)"_s);
    // Not a connection setting: still the user's.
    QCOMPARE(resolved.effective().logLevel(), LogLevel::Debug);
}

void tst_PolicyResolver::managedGatewayManagesTheWholeConnection()
{
    PolicySourceReading reading;
    reading.values = {raw(u"GatewayUrl"_s, u"https://ai.example.com"_s, PolicyLevel::Mandatory, PolicyScope::User)};
    const ResolvedPolicy resolved = PolicyResolver::resolve(schema(), {reading},
        {{u"GatewayUrl"_s, u"https://ai.example.com"_s, u"settings"_s},
            {u"OidcIssuer"_s, u"https://idp.elsewhere.example.com"_s, u"settings"_s}});
    QVERIFY(resolved.isLocked(PolicyKey::GatewayUrl));
    QCOMPARE(resolved.entry(PolicyKey::GatewayUrl).source, ValueSource::UserMandatory);
    QCOMPARE(resolved.entry(PolicyKey::GatewayUrl).candidates.last().status, PolicyCandidate::Status::Superseded);
    QVERIFY(resolved.effective().oidcIssuer().isEmpty());
    QCOMPARE(resolved.entry(PolicyKey::OidcIssuer).candidates.first().message,
        u"the connection is managed by policy (GatewayUrl)"_s);
}

void tst_PolicyResolver::unknownPolicies()
{
    PolicySourceReading reading;
    reading.values
        = {raw(u"gatewayurl"_s, u"https://ai.example.com"_s, PolicyLevel::Mandatory, PolicyScope::Machine, u"a.json"_s),
            raw(u"Telemetry"_s, true, PolicyLevel::Mandatory, PolicyScope::Machine, u"b.json"_s)};
    const ResolvedPolicy resolved = PolicyResolver::resolve(schema(), {reading}, {});
    QVERIFY(resolved.effective().gatewayUrl().isEmpty());
    QCOMPARE(resolved.unknownPolicies().size(), 2);
    QCOMPARE(resolved.messages().at(0).display(),
        uR"(unknown policy "gatewayurl" (policy names are case-sensitive: did you mean "GatewayUrl"?) (a.json))"_s);
    QCOMPARE(resolved.messages().at(0).severity, PolicyMessage::Severity::Warning);
    QCOMPARE(resolved.messages().at(1).display(), uR"(unknown policy "Telemetry" (b.json))"_s);
}

void tst_PolicyResolver::sourceProblemsAreKept()
{
    PolicySourceReading reading;
    reading.problems
        = {{SourceProblem::Severity::Error, u"/etc/x.json"_s, u"ignored: the file is not owned by root"_s}};
    const ResolvedPolicy resolved = PolicyResolver::resolve(schema(), {reading}, {});
    QCOMPARE(resolved.messages().size(), 1);
    QCOMPARE(resolved.messages().first().display(), u"ignored: the file is not owned by root (/etc/x.json)"_s);
}

void tst_PolicyResolver::hashFollowsTheEffectiveValues()
{
    const ResolvedPolicy defaults = PolicyResolver::resolve(schema(), {}, {});
    QCOMPARE(defaults.sha256().size(), 64);
    QCOMPARE(PolicyResolver::resolve(schema(), {}, {}).sha256(), defaults.sha256());
    PolicySourceReading reading;
    reading.values = {raw(u"LogLevel"_s, u"info"_s, PolicyLevel::Recommended, PolicyScope::Machine)};
    const ResolvedPolicy changed = PolicyResolver::resolve(schema(), {reading}, {});
    QVERIFY(changed.sha256() != defaults.sha256());
    QCOMPARE(ResolvedPolicy::changedKeys(defaults, changed), QList<PolicyKey>{PolicyKey::LogLevel});
    // The same effective value from another place is the same policy state.
    const ResolvedPolicy same = PolicyResolver::resolve(schema(), {}, {{u"LogLevel"_s, u"info"_s, u"settings"_s}});
    QCOMPARE(same.sha256(), changed.sha256());
}

QTEST_GUILESS_MAIN(tst_PolicyResolver)
#include "tst_PolicyResolver.moc"
