#include "auth/Pkce.h"

#include <QSet>
#include <QTest>

using streamcanvas::auth::Pkce;

class tst_Pkce : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfc7636AppendixB()
    {
        // The example of RFC 7636, Appendix B.
        QCOMPARE(Pkce::challengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            QByteArray("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    }

    void verifierShape()
    {
        const QByteArray verifier = Pkce::randomToken();
        // 43 to 128 characters of [A-Za-z0-9-._~] (RFC 7636 §4.1).
        QCOMPARE(verifier.size(), 43);
        for (char c : verifier)
            QVERIFY(std::isalnum(uchar(c)) || c == '-' || c == '_');
    }

    void freshEveryTime()
    {
        QSet<QByteArray> seen;
        for (int i = 0; i < 1000; ++i)
            seen.insert(Pkce::randomToken(16));
        QCOMPARE(seen.size(), 1000);
    }
};

QTEST_GUILESS_MAIN(tst_Pkce)
#include "tst_Pkce.moc"
