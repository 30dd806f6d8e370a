#include "gateway/ErrorMapper.h"
#include "net/Redactor.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace streamcanvas;
using gateway::ErrorMapper;
using gateway::GatewayError;

class tst_ErrorMapper : public QObject
{
    Q_OBJECT

private:
    const net::Redactor m_redactor{{QUrl(u"https://ai.example.com"_s)}};
    const ErrorMapper m_mapper{m_redactor};

private Q_SLOTS:
    void statusKinds_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("kind");
        QTest::newRow("400") << 400 << int(GatewayError::Kind::BadRequest);
        QTest::newRow("401") << 401 << int(GatewayError::Kind::SignIn);
        QTest::newRow("403") << 403 << int(GatewayError::Kind::Permission);
        QTest::newRow("404") << 404 << int(GatewayError::Kind::NotFound);
        QTest::newRow("413") << 413 << int(GatewayError::Kind::TooLarge);
        QTest::newRow("429") << 429 << int(GatewayError::Kind::RateLimited);
        QTest::newRow("500") << 500 << int(GatewayError::Kind::Gateway);
        QTest::newRow("502") << 502 << int(GatewayError::Kind::Gateway);
        QTest::newRow("503") << 503 << int(GatewayError::Kind::Gateway);
    }

    void statusKinds()
    {
        QFETCH(int, status);
        QFETCH(int, kind);
        const GatewayError error = m_mapper.fromResponse(status, {}, {}, ErrorMapper::Request::Chat, u"gpt-large"_s);
        QCOMPARE(int(error.kind), kind);
        QCOMPARE(error.httpStatus, status);
        QVERIFY(!error.message.isEmpty());
    }

    void notFoundNamesTheModel()
    {
        const GatewayError chat = m_mapper.fromResponse(404, {}, {}, ErrorMapper::Request::Chat, u"gpt-large"_s);
        QVERIFY2(chat.message.contains(u"gpt-large"_s), qPrintable(chat.message));
        const GatewayError models = m_mapper.fromResponse(404, {}, {}, ErrorMapper::Request::Models, {});
        QVERIFY2(models.message.contains(u"address"_s), qPrintable(models.message));
    }

    void rateLimitSaysHowLong()
    {
        const GatewayError error = m_mapper.fromResponse(429, "7", {}, ErrorMapper::Request::Chat, {});
        QCOMPARE(error.retryAfter, std::optional(7000ms));
        QVERIFY2(error.message.contains(u"7 second"_s), qPrintable(error.message));
        const GatewayError long_ = m_mapper.fromResponse(429, "3600", {}, ErrorMapper::Request::Chat, {});
        QVERIFY2(long_.message.contains(u"60 minute"_s), qPrintable(long_.message));
    }

    void upstreamMessageIsRedacted()
    {
        const QByteArray body
            = R"({"error":{"message":"upstream http://10.20.30.40:8080/internal/v1 failed, Authorization: Bearer sk-live-SECRET, cookie=session123","type":"server_error"}})";
        const GatewayError error = m_mapper.fromResponse(500, {}, body, ErrorMapper::Request::Chat, {});
        QVERIFY2(error.message.contains(u"The gateway said"_s), qPrintable(error.message));
        for (const QString &secret : {u"10.20.30.40"_s, u"sk-live-SECRET"_s, u"session123"_s, u"/internal/v1"_s})
            QVERIFY2(!error.message.contains(secret), qPrintable(error.message));
    }

    void rawBodiesAreNeverShown()
    {
        const QByteArray html = "<html><head><title>502 Bad Gateway</title></head><body>nginx/1.22.1 at "
                                "backend-7.internal</body></html>";
        const GatewayError error = m_mapper.fromResponse(502, {}, html, ErrorMapper::Request::Chat, {});
        QVERIFY(!error.message.contains(u"html"_s, Qt::CaseInsensitive));
        QVERIFY(!error.message.contains(u"backend-7"_s));
        QVERIFY(!error.message.contains(u"The gateway said"_s));
    }

    void longMessagesAreShortened()
    {
        const QByteArray body = "{\"error\":{\"message\":\"" + QByteArray(5000, 'x') + "\"}}";
        const GatewayError error = m_mapper.fromResponse(400, {}, body, ErrorMapper::Request::Chat, {});
        QVERIFY(error.message.size() < 600);
    }

    void hiddenCharactersInMessagesAreVisible()
    {
        const QByteArray body = "{\"error\":{\"message\":\"quota \xE2\x80\xAE"
                                "dexeecxe\"}}";
        const GatewayError error = m_mapper.fromResponse(403, {}, body, ErrorMapper::Request::Chat, {});
        QVERIFY(!error.message.contains(QChar(0x202E)));
        QVERIFY2(error.message.contains(u"U+202E"_s), qPrintable(error.message));
    }

    void streamErrors()
    {
        const GatewayError error
            = m_mapper.fromStreamError(R"({"error":{"message":"The model crashed","type":"server_error"}})");
        QCOMPARE(error.kind, GatewayError::Kind::ModelError);
        QVERIFY(error.message.contains(u"The model crashed"_s));
        QCOMPARE(m_mapper.fromStreamError("not json").kind, GatewayError::Kind::ModelError);
    }

    void retryAfterForms()
    {
        const QDateTime now(QDate(2026, 12, 4), QTime(12, 0, 0), QTimeZone::utc());
        QCOMPARE(ErrorMapper::parseRetryAfter("120", now), std::optional(120'000ms));
        QCOMPARE(ErrorMapper::parseRetryAfter(" 0 ", now), std::optional(0ms));
        QCOMPARE(ErrorMapper::parseRetryAfter("Fri, 04 Dec 2026 12:00:30 GMT", now), std::optional(30'000ms));
        // A date in the past means "now".
        QCOMPARE(ErrorMapper::parseRetryAfter("Fri, 04 Dec 2026 11:00:00 GMT", now), std::optional(0ms));
        QCOMPARE(ErrorMapper::parseRetryAfter("", now), std::nullopt);
        QCOMPARE(ErrorMapper::parseRetryAfter("-5", now), std::nullopt);
        QCOMPARE(ErrorMapper::parseRetryAfter("soon", now), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(tst_ErrorMapper)
#include "tst_ErrorMapper.moc"
