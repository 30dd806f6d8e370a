#include "gateway/RetryPolicy.h"

#include <QTest>

using namespace std::chrono_literals;
using streamcanvas::gateway::RetryPolicy;

class tst_RetryPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void retryableStatuses()
    {
        for (int status : {429, 502, 503, 504})
            QVERIFY2(RetryPolicy::isRetryableStatus(status), QByteArray::number(status).constData());
        // A 500 may have done work upstream; 4xx will not change by asking again.
        for (int status : {200, 400, 401, 403, 404, 413, 500, 501})
            QVERIFY2(!RetryPolicy::isRetryableStatus(status), QByteArray::number(status).constData());
    }

    void retryableNetworkErrors()
    {
        QVERIFY(RetryPolicy::isRetryableNetworkError(QNetworkReply::ConnectionRefusedError));
        QVERIFY(RetryPolicy::isRetryableNetworkError(QNetworkReply::RemoteHostClosedError));
        // A certificate problem or a refusal by our own rules never fixes itself.
        QVERIFY(!RetryPolicy::isRetryableNetworkError(QNetworkReply::SslHandshakeFailedError));
        QVERIFY(!RetryPolicy::isRetryableNetworkError(QNetworkReply::ContentAccessDenied));
        QVERIFY(!RetryPolicy::isRetryableNetworkError(QNetworkReply::OperationCanceledError));
        QVERIFY(!RetryPolicy::isRetryableNetworkError(QNetworkReply::HostNotFoundError));
    }

    void threeTriesInAll()
    {
        const RetryPolicy policy({}, [] { return 0.5; });
        QVERIFY(policy.delayAfter(1, std::nullopt).has_value());
        QVERIFY(policy.delayAfter(2, std::nullopt).has_value());
        QVERIFY(!policy.delayAfter(3, std::nullopt).has_value());
        QVERIFY(!policy.delayAfter(3, 1000ms).has_value());
    }

    void exponentialWithEqualJitter()
    {
        RetryPolicy::Limits limits;
        limits.maxAttempts = 10;
        limits.baseDelay = 1000ms;
        limits.maxDelay = 5000ms;
        const RetryPolicy low(limits, [] { return 0.0; });
        const RetryPolicy high(limits, [] { return 0.999999; });
        // Half of the capped exponential is fixed, the other half random.
        QCOMPARE(*low.delayAfter(1, std::nullopt), 500ms);
        QCOMPARE(*low.delayAfter(2, std::nullopt), 1000ms);
        QCOMPARE(*low.delayAfter(3, std::nullopt), 2000ms);
        QCOMPARE(*low.delayAfter(4, std::nullopt), 2500ms); // capped at 5 s
        QCOMPARE(*low.delayAfter(9, std::nullopt), 2500ms);
        QVERIFY(*high.delayAfter(1, std::nullopt) >= 999ms);
        QVERIFY(*high.delayAfter(1, std::nullopt) <= 1000ms);
        QVERIFY(*high.delayAfter(9, std::nullopt) <= 5000ms);
    }

    void retryAfterIsHonouredUpToTheCap()
    {
        const RetryPolicy policy({}, [] { return 0.0; });
        QCOMPARE(*policy.delayAfter(1, 2000ms), 2000ms);
        QCOMPARE(*policy.delayAfter(1, 30'000ms), 30'000ms);
        // Longer waits are reported to the user instead of silently waited for.
        QVERIFY(!policy.delayAfter(1, 30'001ms).has_value());
    }

    void defaultJitterStaysInRange()
    {
        const RetryPolicy policy;
        for (int i = 0; i < 1000; ++i) {
            const auto delay = *policy.delayAfter(1, std::nullopt);
            QVERIFY(delay >= 250ms && delay <= 500ms);
        }
    }
};

QTEST_GUILESS_MAIN(tst_RetryPolicy)
#include "tst_RetryPolicy.moc"
