#include "net/Redactor.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace streamcanvas::net;

class tst_Redactor : public QObject
{
    Q_OBJECT

private slots:
    void realisticInputs_data();
    void realisticInputs();
    void exactRewrites_data();
    void exactRewrites();
    void redactingTwiceChangesNothing_data();
    void redactingTwiceChangesNothing();
    void knownPrivateAddressStays();
    void explicitSecrets();
    void redactUrl_data();
    void redactUrl();
    void loneSurrogateDoesNotDisableRules();
    void outputIsBounded();
    void cutInputLeavesNoPartialSecret();
    void randomInputsStayBounded();

private:
    Redactor redactor() const;
    void addRealisticRows();
};

Redactor tst_Redactor::redactor() const
{
    return Redactor(
        {QUrl(u"https://gw.example.com/v1"_s), QUrl(u"https://login.example.com:8443"_s)}, {u"hunter2-proxy-pass"_s});
}

void tst_Redactor::addRealisticRows()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QStringList>("hidden");
    QTest::addColumn<QStringList>("kept");

    QTest::newRow("bearer in prose") << u"request failed with Bearer abc.def-ghi_123/+x= (401)"_s
                                     << QStringList{u"abc.def"_s, u"ghi_123"_s}
                                     << QStringList{u"request failed with Bearer [redacted] (401)"_s};

    QTest::newRow("request header dump")
        << u"GET /v1/chat/completions HTTP/1.1\r\n"
           "Host: gw.example.com\r\n"
           "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl\r\n"
           "Cookie: session=abc123; csrftoken=xyz789\r\n"
           "Proxy-Authorization: Basic dXNlcjpodW50ZXIy\r\n"
           "X-Api-Key: live-1234567890abcdef\r\n"
           "api-key: 0123456789abcdef0123456789abcdef\r\n"
           "Content-Type: application/json\r\n\r\n"_s
        << QStringList{u"eyJ"_s, u"abc123"_s, u"xyz789"_s, u"dXNlcjpodW50ZXIy"_s, u"live-1234567890abcdef"_s,
               u"0123456789abcdef"_s}
        << QStringList{u"Host: gw.example.com\r\n"_s, u"Authorization: [redacted]\r\n"_s, u"Cookie: [redacted]\r\n"_s,
               u"Proxy-Authorization: [redacted]\r\n"_s, u"X-Api-Key: [redacted]\r\n"_s,
               u"Content-Type: application/json\r\n"_s};

    QTest::newRow("response header dump")
        << u"HTTP/1.1 302 Found\r\n"
           "Set-Cookie: KEYCLOAK_SESSION=corp/4f1e/abc; Path=/realms/corp/; HttpOnly\r\n"
           "Location: https://login.example.com:8443/realms/corp/protocol/openid-connect/auth?client_id=streamcanvas"
           "&state=xyz&code_challenge=abc\r\n"
           "Server: nginx\r\n"_s
        << QStringList{u"KEYCLOAK_SESSION"_s, u"4f1e"_s, u"client_id"_s, u"code_challenge"_s}
        << QStringList{u"Set-Cookie: [redacted]\r\n"_s,
               u"Location: https://login.example.com:8443/realms/corp/protocol/openid-connect/auth?[redacted]\r\n"_s,
               u"Server: nginx"_s};

    QTest::newRow("header dump as JSON")
        << uR"({"Cookie": "sid=abc; theme=dark", "authorization": "Bearer t0k3n", "Accept": "text/event-stream"})"_s
        << QStringList{u"sid=abc"_s, u"t0k3n"_s}
        << QStringList{uR"("Cookie": "[redacted]")"_s, uR"("authorization": "[redacted]")"_s,
               uR"("Accept": "text/event-stream")"_s};

    QTest::newRow("curl command line") << u"curl -H 'Authorization: Bearer abc' https://gw.example.com/v1/models"_s
                                       << QStringList{u" abc"_s}
                                       << QStringList{u"curl -H 'Authorization: [redacted]"_s};

    QTest::newRow("nginx error log line")
        << uR"(2024/05/01 12:00:00 [error] 31#31: *7 connect() failed (111: Connection refused) while connecting to upstream, client: 192.168.1.20, server: gw.example.com, request: "POST /v1/chat/completions?api_key=sk-abcdef123456 HTTP/1.1", upstream: "http://10.0.3.7:8000/v1/chat/completions", host: "gw.example.com")"_s
        << QStringList{u"192.168.1.20"_s, u"10.0.3.7"_s, u"sk-abcdef123456"_s}
        << QStringList{u"client: [internal host], server: gw.example.com"_s, u"?api_key=[redacted] HTTP/1.1"_s,
               uR"(upstream: "http://[internal host]")"_s, uR"(host: "gw.example.com")"_s};

    QTest::newRow("OpenAI error JSON")
        << uR"({"error":{"message":"Incorrect API key provided: sk-proj-AbCdEf123456. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})"_s
        << QStringList{u"sk-proj"_s, u"AbCdEf123456"_s, u"platform.openai.com"_s}
        << QStringList{u"Incorrect API key provided: [redacted]. You can find"_s, u"https://[internal host]."_s,
               uR"("type":"invalid_request_error")"_s, uR"("code":"invalid_api_key")"_s};

    QTest::newRow("OpenAI-style error with internal upstream")
        << uR"({"error":{"message":"Upstream http://llm-backend.internal:8080/v1/chat/completions?key=abc returned 500","type":"server_error","code":null}})"_s
        << QStringList{u"llm-backend"_s, u"key=abc"_s}
        << QStringList{u"Upstream http://[internal host] returned 500"_s, uR"("type":"server_error")"_s};

    QTest::newRow("JSON with escaped slashes")
        << uR"({"detail":"see https:\/\/vault.corp.internal\/v1\/secret?token=s.abc for details"})"_s
        << QStringList{u"vault.corp"_s, u"s.abc"_s} << QStringList{uR"(https:\/\/[internal host] for details)"_s};

    QTest::newRow("Qt error string with a URL")
        << u"Error transferring https://gw.example.com/v1/chat/completions?access_token=abc123 - server replied: "
           "Unauthorized"_s
        << QStringList{u"abc123"_s, u"access_token"_s}
        << QStringList{
               u"Error transferring https://gw.example.com/v1/chat/completions?[redacted] - server replied: Unauthorized"_s};

    QTest::newRow("Qt error string for an internal host")
        << u"Connection refused while contacting http://ollama.lan:11434/api/chat"_s << QStringList{u"ollama"_s}
        << QStringList{u"http://[internal host]"_s};

    QTest::newRow("user info in URL") << u"proxy http://alice:s3cret@proxy.corp:3128 refused the connection"_s
                                      << QStringList{u"alice"_s, u"s3cret"_s, u"proxy.corp"_s}
                                      << QStringList{u"proxy http://[internal host] refused the connection"_s};

    QTest::newRow("OAuth callback")
        << u"GET http://127.0.0.1:53682/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj"_s
        << QStringList{u"SplxlOBeZQQYbYS6WxSbIA"_s, u"af0ifjsldkj"_s, u"127.0.0.1"_s}
        << QStringList{u"GET http://[internal host]"_s};

    QTest::newRow("implicit flow fragment")
        << u"redirected to https://login.example.com:8443/cb#access_token=abc&state=x"_s
        << QStringList{u"access_token"_s, u"=abc"_s} << QStringList{u"https://login.example.com:8443/cb#[redacted]"_s};

    QTest::newRow("token request body")
        << u"grant_type=refresh_token&refresh_token=8xLOxBtZp8&client_id=streamcanvas&client_secret=s3cr3t&code=c0de"_s
        << QStringList{u"8xLOxBtZp8"_s, u"s3cr3t"_s, u"c0de"_s}
        << QStringList{u"grant_type=refresh_token&refresh_token=[redacted]&client_id=streamcanvas"_s,
               u"client_secret=[redacted]"_s, u"code=[redacted]"_s};

    QTest::newRow("token response")
        << uR"({"access_token":"ya29.a0Af","expires_in":3599,"refresh_token":"1//0gX","id_token":"eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJpc3MiOiJodHRwcyJ9.c2ln","token_type":"Bearer","scope":"openid"})"_s
        << QStringList{u"ya29"_s, u"1//0gX"_s, u"eyJ"_s}
        << QStringList{uR"("access_token":"[redacted]")"_s, uR"("expires_in":3599)"_s, uR"("token_type":"Bearer")"_s,
               uR"("scope":"openid")"_s};

    QTest::newRow("JWT in prose") << u"id token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.dGVzdA was rejected"_s
                                  << QStringList{u"eyJ"_s} << QStringList{u"id token [redacted] was rejected"_s};

    QTest::newRow("unsigned JWT") << u"alg none: eyJhbGciOiJub25lIn0.eyJzdWIiOiJib2IifQ."_s << QStringList{u"eyJ"_s}
                                  << QStringList{u"alg none: [redacted]"_s};

    QTest::newRow("API keys in prose")
        << u"using sk-abcdefghijklmnop and ghp_abcdefghijklmnopqrstuvwxyz0123 and AKIAIOSFODNN7EXAMPLE for the task-abcdefgh on disk-1234567"_s
        << QStringList{u"sk-abcdefghijklmnop"_s, u"ghp_"_s, u"AKIA"_s}
        << QStringList{u"using [redacted] and [redacted] and [redacted] for the task-abcdefgh on disk-1234567"_s};

    QTest::newRow("credential keys in prose and config")
        << u"password: hunter3\n  db_password = pa55\n{\"password\": \"x y z\"}\nPASSWORD=Shout\nInvalid token: expired"_s
        << QStringList{u"hunter3"_s, u"pa55"_s, u"x y z"_s, u"Shout"_s}
        << QStringList{u"password: [redacted]\n"_s, u"db_password = [redacted]\n"_s, uR"("password": "[redacted]")"_s,
               u"PASSWORD=[redacted]"_s, u"Invalid token: expired"_s};

    QTest::newRow("usage figures are not credentials")
        << uR"(max_tokens=1000&stream=true; "usage": {"prompt_tokens": 12, "total_tokens": 30}, token_type=bearer)"_s
        << QStringList{}
        << QStringList{
               uR"(max_tokens=1000&stream=true; "usage": {"prompt_tokens": 12, "total_tokens": 30}, token_type=bearer)"_s};

    QTest::newRow("private addresses")
        << u"connect to 10.0.0.5:8080 failed; public 8.8.8.8 ok; loopback 127.0.0.1; 172.20.1.1; 192.168.0.1; "
           "172.32.0.1 and Qt 6.4.2 and 1.2.3.4.5 and 300.1.1.1"_s
        << QStringList{u"10.0.0.5"_s, u"127.0.0.1"_s, u"172.20.1.1"_s, u"192.168.0.1"_s}
        << QStringList{u"connect to [internal host]:8080 failed; public 8.8.8.8 ok; loopback [internal host]; "
                       "[internal host]; [internal host]; 172.32.0.1 and Qt 6.4.2 and 1.2.3.4.5 and 300.1.1.1"_s};

    QTest::newRow("IPv6 URL") << u"GET http://[fd00::1]:8080/x failed"_s << QStringList{u"fd00"_s}
                              << QStringList{u"GET http://[internal host] failed"_s};

    QTest::newRow("punctuation after URLs")
        << u"Open https://gw.example.com/v1/models. Or (see https://wiki.corp/x), or https://gw.example.com/a?b=c!"_s
        << QStringList{u"wiki.corp"_s, u"b=c"_s}
        << QStringList{u"Open https://gw.example.com/v1/models. Or (see https://[internal host]), or "
                       "https://gw.example.com/a?[redacted]"_s};

    QTest::newRow("nginx error page")
        << u"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad "
           "Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n"_s
        << QStringList{}
        << QStringList{u"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad "
                       "Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n"_s};

    QTest::newRow("nginx error page with a link")
        << u"<html><body><h1>403 Forbidden</h1><p>Sign in at <a href=\"https://sso.corp.internal/login?next=/v1\">"
           "the portal</a>.</p></body></html>"_s
        << QStringList{u"sso.corp"_s, u"next="_s}
        << QStringList{u"<a href=\"https://[internal host]\">the portal</a>"_s};

    QTest::newRow("explicit secret") << u"the proxy said hunter2-proxy-pass is wrong"_s << QStringList{u"hunter2"_s}
                                     << QStringList{u"the proxy said [redacted] is wrong"_s};

    QTest::newRow("mixed case keys and schemes")
        << u"ACCESS_TOKEN=abc HTTPS://Internal.Corp/X?Y=1 bearer QWERTY"_s
        << QStringList{u"abc"_s, u"Internal"_s, u"Y=1"_s, u"QWERTY"_s}
        << QStringList{u"ACCESS_TOKEN=[redacted] HTTPS://[internal host] bearer [redacted]"_s};

    QTest::newRow("plain text stays") << u"The model is busy. Try again in 20 seconds."_s << QStringList{}
                                      << QStringList{u"The model is busy. Try again in 20 seconds."_s};
}

void tst_Redactor::realisticInputs_data()
{
    addRealisticRows();
}

void tst_Redactor::realisticInputs()
{
    QFETCH(QString, input);
    QFETCH(QStringList, hidden);
    QFETCH(QStringList, kept);
    const QString output = redactor().redact(input);
    for (const QString &secret : hidden)
        QVERIFY2(!output.contains(secret), qPrintable(u"'"_s + secret + u"' still in: "_s + output));
    for (const QString &text : kept)
        QVERIFY2(output.contains(text), qPrintable(u"'"_s + text + u"' missing from: "_s + output));
}

void tst_Redactor::exactRewrites_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("output");

    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("known host keeps path, drops query")
        << u"https://gw.example.com/v1/chat?stream=true"_s << u"https://gw.example.com/v1/chat?[redacted]"_s;
    QTest::newRow("empty query and fragment vanish")
        << u"https://gw.example.com/a?#"_s << u"https://gw.example.com/a"_s;
    QTest::newRow("unknown host: no port or path") << u"http://db:5432/x"_s << u"http://[internal host]"_s;
    QTest::newRow("known host in other case") << u"https://GW.Example.com/"_s << u"https://GW.Example.com/"_s;
    QTest::newRow("websocket") << u"wss://push.corp/socket?ticket=1"_s << u"wss://[internal host]"_s;
    QTest::newRow("fragment route with query")
        << u"https://gw.example.com/#/chat?id=1"_s << u"https://gw.example.com/#[redacted]"_s;
}

void tst_Redactor::exactRewrites()
{
    QFETCH(QString, input);
    QFETCH(QString, output);
    QCOMPARE(redactor().redact(input), output);
}

void tst_Redactor::redactingTwiceChangesNothing_data()
{
    addRealisticRows();
}

void tst_Redactor::redactingTwiceChangesNothing()
{
    QFETCH(QString, input);
    const Redactor r = redactor();
    const QString once = r.redact(input);
    QCOMPARE(r.redact(once), once);
}

void tst_Redactor::knownPrivateAddressStays()
{
    const Redactor r({QUrl(u"http://10.0.0.5:8080"_s)});
    QCOMPARE(r.redact(u"gateway 10.0.0.5 at http://10.0.0.5:8080/v1, not 10.0.0.6"_s),
        u"gateway 10.0.0.5 at http://10.0.0.5:8080/v1, not [internal host]"_s);
}

void tst_Redactor::explicitSecrets()
{
    Redactor r;
    r.addSecret(QString()); // ignored, not "redact everything"
    r.addSecret(u"p@ss w/rd"_s);
    r.addSecret(u"p@ss w/rd and more"_s);
    QCOMPARE(r.redact(u"plain text"_s), u"plain text"_s);
    QCOMPARE(r.redact(u"a p@ss w/rd and more b"_s), u"a [redacted] b"_s);
    QCOMPARE(r.redact(u"a p@ss w/rd b"_s), u"a [redacted] b"_s);
    // The percent-encoded spelling, as it would appear in a form body or path.
    QCOMPARE(r.redact(u"pw=p%40ss%20w%2Frd"_s), u"pw=[redacted]"_s);
}

void tst_Redactor::redactUrl_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QString>("shown");

    QTest::newRow("everything") << QUrl(u"https://user:pw@gw.example.com/v1/chat?x=1#f"_s)
                                << u"https://gw.example.com/v1/chat?[redacted]#[redacted]"_s;
    QTest::newRow("internal host") << QUrl(u"https://internal.corp:8443/a"_s) << u"https://[internal host]"_s;
    QTest::newRow("IDN host") << QUrl(u"https://bücher.example/a"_s) << u"https://[internal host]"_s;
    QTest::newRow("private IPv4 host") << QUrl(u"http://192.168.1.1/admin"_s) << u"http://[internal host]"_s;
    QTest::newRow("token in path") << QUrl(u"https://gw.example.com/keys/sk-abcdefghijkl"_s)
                                   << u"https://gw.example.com/keys/[redacted]"_s;
    QTest::newRow("file") << QUrl(u"file:///home/u/x?y#z"_s) << u"file:///home/u/x?[redacted]#[redacted]"_s;
    QTest::newRow("relative") << QUrl(u"/v1/chat?api_key=1"_s) << u"/v1/chat?[redacted]"_s;
    QTest::newRow("empty") << QUrl() << QString();
}

void tst_Redactor::redactUrl()
{
    QFETCH(QUrl, url);
    QFETCH(QString, shown);
    QCOMPARE(redactor().redactUrl(url), shown);
}

void tst_Redactor::loneSurrogateDoesNotDisableRules()
{
    // Invalid UTF-16 would make every pattern fail to match; the redactor must not care.
    const QString input
        = QString(QChar(0xD800)) + u" Bearer secret-token-1 at https://internal.corp/x?code=1 "_s + QChar(0xDC00);
    const QString output = redactor().redact(input);
    QVERIFY2(!output.contains(u"secret-token-1"_s), qPrintable(output));
    QVERIFY2(!output.contains(u"internal.corp"_s), qPrintable(output));
    QVERIFY2(!output.contains(u"code=1"_s), qPrintable(output));
}

void tst_Redactor::outputIsBounded()
{
    const QString marker = u" [truncated]"_s;
    // Long input.
    const QString big = u"word "_s.repeated(3 * Redactor::maxInputLength / 5);
    QString output = redactor().redact(big);
    QVERIFY(output.size() <= Redactor::maxOutputLength + marker.size());
    QVERIFY(output.endsWith(marker));
    // Input that grows: a one-letter secret becomes ten letters each time.
    Redactor r;
    r.addSecret(u"a"_s);
    output = r.redact(u"a"_s.repeated(100'000));
    QVERIFY(output.size() <= Redactor::maxOutputLength + marker.size());
    QVERIFY(output.startsWith(u"[redacted][redacted]"_s));
    QVERIFY(output.endsWith(marker));
    // Short input is never marked.
    QCOMPARE(r.redact(u"b"_s), u"b"_s);
}

void tst_Redactor::cutInputLeavesNoPartialSecret()
{
    // A JWT that shrinks to "[redacted]" brings what lies at the input cut into the output.
    const QString secret = u"correct horse battery staple and a long tail"_s;
    Redactor r({}, {secret});
    const QString jwt = u"eyJ"_s + u"A"_s.repeated(Redactor::maxInputLength - 30) + u".eyJ.sig"_s;
    const QString input = jwt + u" then "_s + secret + u" end"_s;
    QVERIFY(input.size() > Redactor::maxInputLength);
    QVERIFY(jwt.size() + 6 < Redactor::maxInputLength); // the cut falls inside the secret
    QVERIFY(jwt.size() + 6 + secret.size() > Redactor::maxInputLength);
    const QString output = r.redact(input);
    QVERIFY2(output.startsWith(u"[redacted] then"_s), qPrintable(output.left(100)));
    QVERIFY2(!output.contains(u"correct"_s), qPrintable(output));
    QVERIFY(output.endsWith(u" [truncated]"_s));
}

void tst_Redactor::randomInputsStayBounded()
{
    const QStringList pieces{u"Bearer "_s, u"eyJ"_s, u"."_s, u"https://"_s, u"http:\\/\\/"_s, u"@"_s, u"["_s, u"]"_s,
        u":"_s, u"?"_s, u"#"_s, u"="_s, u"&"_s, u"token"_s, u"password"_s, u"code"_s, u"sk-"_s, u"\""_s, u"'"_s, u" "_s,
        u"\n"_s, u"10."_s, u"192.168."_s, u"1"_s, u"abc"_s, u"Authorization: "_s, u"[internal host]"_s, u"[redacted]"_s,
        QString(QChar(0xD800)), u"é"_s, u"\\"_s, u"gw.example.com"_s, u"hunter2-proxy-pass"_s};
    QRandomGenerator random(20240501); // fixed seed: a failure can be reproduced
    const Redactor r = redactor();
    for (int round = 0; round < 3000; ++round) {
        QString input;
        const int count = random.bounded(1, 40);
        for (int i = 0; i < count; ++i)
            input += pieces.at(random.bounded(pieces.size()));
        const QString output = r.redact(input);
        // Each replacement is at most a constant factor longer than what it replaces.
        QVERIFY(output.size() <= 16 * input.size() + 16);
        QVERIFY2(!output.contains(u"hunter2-proxy-pass"_s), qPrintable(input));
    }
}

QTEST_APPLESS_MAIN(tst_Redactor)
#include "tst_Redactor.moc"
