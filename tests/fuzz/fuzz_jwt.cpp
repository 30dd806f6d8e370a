// libFuzzer target for JwtValidator and JsonWebKeySet.
//
// The key set below is public and fixed; the private keys behind it were destroyed once the
// three tokens in signedTokens had been signed (with the openssl command-line tool). So no
// input can ever validate except those exact tokens: anything else accepted is a forgery the
// validator let through, and the target aborts. The inputs, by their first byte:
//   '{'     a JWKS document. Every key read from it must keep the set's promises (type, size,
//           curve), and a signed token it accepts must have been checked with the same
//           public key the fixed set holds for that kid.
//   '\x01'  header JSON '\n' claims JSON '\n' signature bytes: encoded here into a compact
//           token, so that the fuzzer reaches the header and claim rules base64 hides.
//   other   the token itself.
// Tokens are validated under a few expectations (ID token; access token; no nonce; no skew),
// and every refusal must carry a message that quotes no part of the token and, when the
// signature was never verified, no claims.

#include "FakeClock.h"
#include "auth/Base64Url.h"
#include "auth/JsonWebKeySet.h"
#include "auth/JwtValidator.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QRegularExpression>
#include <QString>

#include <openssl/evp.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace streamcanvas::auth;
using namespace Qt::StringLiterals;

namespace {

// clang-format off
const char fixedKeySet[] =
    "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"fuzz-rsa\",\"use\":\"sig\",\"n\":\"yU7cxukIj8-tpYNTGq0yQdLnOIqreOxmoQxUlAzV-LcP"
    "kpMT1Mw_GTqVpwainzuEmbaA7mk-mQZkRRiI68CVMt73_RgDU1x0CMBfdfEqG_kiUwvQTF452nvPAThtpqxGaL0w0TzC3sV-kMK3"
    "QNKEwIXCCz6VJa0LNqxxdCyWv2GzskSAa6R9bOSysVnR_ee1JUVMXtCR7zkkrEihfAN9fW_2axtBVXz3PLJu6iKEbPWzo7Og3wfV"
    "qNNe4VgHBxf-xkguNwIhfENAd2u8pXK0ZkH6NtYqUiOxF1FjHRG_Aup39A6xokmrNs1ylFGj85tF8Pcqy2pMRhPHT_yD2NXjFQ\","
    "\"e\":\"AQAB\"},{\"kty\":\"EC\",\"kid\":\"fuzz-ec\",\"alg\":\"ES256\",\"use\":\"sig\",\"crv\":\"P-256\",\"x\":\"HTtIUg7fe3f5Jwe"
    "fW9RQSpTwAKlb4IeRvplBOuwnrE4\",\"y\":\"n3l8JHX17I3GsoDS5X6L3L26584G61sdFJqDhGnh6WU\"}]}";

const char *const signedTokens[] = {
    // RS256
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImZ1enotcnNhIn0.eyJpc3MiOiJodHRwczovL2lkcC5leGFtcGxlLnRl"
    "c3QvcmVhbG1zL2NvcnAiLCJzdWIiOiIyNDgyODk3NjEwMDEiLCJhdWQiOiJzdHJlYW1jYW52YXMtZGVza3RvcCIsImV4cCI6MTkz"
    "MTI1NjYwMCwiaWF0IjoxOTMxMjU1OTkwLCJub25jZSI6Im4tMFM2X1d6QTJNaiJ9.RQZLTjfC7PQpDiPqg_H0tMyO467YsdtEpVO"
    "auASzHnYhozFJy4IrxpcCfMHoa5sS8uhxKtCXSZKQkEiN9LsfJaEAiOSyVPvXkMjlxiO6G02_GIAp2ON9PpuLP0OVLU16yQ_hNjo"
    "z1RxV3LIgJ3T0zfeduiogimwJk0jTPTpiXCvlI3SbEjStTOoBKhnEMMAP_DpSB6ENp2FQ4bggQLv8RIU16nZNiZ1PXCwFQECxEeZ"
    "vJ-hIcBohufab1hI3-zGTr8bZz5nP7AbCo9HvbOCCVKgLpL_2lN_yrZ5aBEbzIkbZ0gkAZpDtoqQiWWntF_CXO9UEhcn6GS647uq"
    "X_xxLOg",
    // PS256
    "eyJhbGciOiJQUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImZ1enotcnNhIn0.eyJpc3MiOiJodHRwczovL2lkcC5leGFtcGxlLnRl"
    "c3QvcmVhbG1zL2NvcnAiLCJzdWIiOiIyNDgyODk3NjEwMDEiLCJhdWQiOiJzdHJlYW1jYW52YXMtZGVza3RvcCIsImV4cCI6MTkz"
    "MTI1NjYwMCwiaWF0IjoxOTMxMjU1OTkwLCJub25jZSI6Im4tMFM2X1d6QTJNaiJ9.YRrjGSGD1ekGw29M8YArcuSXWGPFjJBvKcM"
    "akYWu4x7rTOTjUNM_7dE-eXO6yTaNKgZ42ooBvFM4vCVuDXrTcJs9kDQ9DxmXQtm0K4bzzMTNrOYBU1N2rVstEUzbAnCADNqWhGk"
    "E6tYERlMzO27a-wBQHgnJxnWCbLQGX4SjSHWwbWGXu-ccG3BE2coWiKKvtkVszN3ub3llODvOHN6qLhf7Fpc8f1NRCnI22WRONql"
    "FQspQoPe6WDK6e97AXr0qyZlxFEZN7HcYPalesekqJl4M4E0oX5UmxrSt5xiXlxLvUT3xwhTz5T49WDs5Sh6hQUaogYbNPbxxuhv"
    "KXPq0Dw",
    // ES256
    "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImZ1enotZWMifQ.eyJpc3MiOiJodHRwczovL2lkcC5leGFtcGxlLnRlc"
    "3QvcmVhbG1zL2NvcnAiLCJzdWIiOiIyNDgyODk3NjEwMDEiLCJhdWQiOiJzdHJlYW1jYW52YXMtZGVza3RvcCIsImV4cCI6MTkzM"
    "TI1NjYwMCwiaWF0IjoxOTMxMjU1OTkwLCJub25jZSI6Im4tMFM2X1d6QTJNaiJ9.W6OxoKqY9GYQNXlm8IfT_d8KlGSLve6_9wir"
    "BfaDYukpnqlVi0eV1QR5BsO0ovk-22hx3hFzaZl0s7R69xsW6g",
};
// clang-format on

// When the seed tokens are valid: issued at now - 10 s, expiring at now + 600 s.
const QDateTime signingTime(QDate(2031, 3, 14), QTime(12, 0), Qt::UTC);

[[noreturn]] void fail(const char *invariant, QByteArrayView input, const JwtValidation &result)
{
    std::fprintf(stderr, "\n*** JWT invariant broken: %s\nerror %s, message: %s\ninput (%lld bytes): %.*s\n", invariant,
        jwtErrorName(result.error), result.message.toUtf8().constData(), static_cast<long long>(input.size()),
        static_cast<int>(std::min<qsizetype>(input.size(), 2000)), input.data());
    std::fflush(stderr);
    std::abort();
}

const JsonWebKeySet &fixedKeys()
{
    static const JsonWebKeySet keys = [] {
        JsonWebKeySet set = JsonWebKeySet::fromJson(fixedKeySet);
        if (set.size() != 2 || !set.warnings().isEmpty()) {
            std::fprintf(stderr, "fuzz_jwt: the fixed key set did not load\n");
            std::abort();
        }
        return set;
    }();
    return keys;
}

bool isSignedToken(QByteArrayView token)
{
    for (const char *signedToken : signedTokens) {
        if (token == QByteArrayView(signedToken))
            return true;
    }
    return false;
}

JwtValidator::Expectations idToken()
{
    JwtValidator::Expectations expected;
    expected.issuer = u"https://idp.example.test/realms/corp"_s;
    expected.clientId = u"streamcanvas-desktop"_s;
    expected.nonce = u"n-0S6_WzA2Mj"_s;
    return expected;
}

bool beforeSignature(JwtError error)
{
    return error == JwtError::AlgorithmNotAllowed || error == JwtError::UnknownKey || error == JwtError::KeyMismatch
        || error == JwtError::BadSignature || error == JwtError::CriticalHeader || error == JwtError::WrongType;
}

void checkResult(QByteArrayView token, QByteArrayView input, const JwtValidation &result)
{
    if (result.ok) {
        if (!isSignedToken(token))
            fail("a token not signed by the key holder was accepted", input, result);
        if (result.error != JwtError::None || !result.message.isEmpty() || result.claims.isEmpty())
            fail("an accepted token has an error, a message or no claims", input, result);
        return;
    }
    if (result.error == JwtError::None || result.message.isEmpty())
        fail("a refusal without an error or a message", input, result);
    if (beforeSignature(result.error) && !result.claims.isEmpty())
        fail("claims were read before the signature was verified", input, result);
    // The validator's fixed text for an error cannot quote the token, even when the token
    // happens to contain a piece of it (the fuzzer builds such tokens from the messages).
    static const QRegularExpression missingClaim(u"^The sign-in token lacks the required claim \"[a-z_]{1,32}\"\\.$"_s);
    if (result.message == JwtValidator::errorMessage(result.error)
        || (result.error == JwtError::MissingClaim && missingClaim.match(result.message).hasMatch()))
        return;
    const QByteArray message = result.message.toUtf8();
    for (qsizetype i = 0; i + 12 <= message.size(); ++i) {
        if (token.size() >= 12 && token.contains(QByteArrayView(message).sliced(i, 12)))
            fail("the message quotes the token", input, result);
    }
    fail("a message that is none of the validator's texts", input, result);
}

void validateToken(QByteArrayView token, QByteArrayView input, const JwtValidator &validator)
{
    const JsonWebKeySet &keys = fixedKeys();
    JwtValidator::Expectations expected = idToken();
    const JwtValidation result = validator.validate(token, keys, expected);
    checkResult(token, input, result);
    if (isSignedToken(token) && !result.ok)
        fail("a token signed by the key holder was refused", input, result);

    expected.acceptedTypes = {u"at+jwt"_s};
    checkResult(token, input, validator.validate(token, keys, expected));
    expected = idToken();
    expected.nonce.clear();
    checkResult(token, input, validator.validate(token, keys, expected));
    expected = idToken();
    expected.skew = std::chrono::seconds(0);
    expected.maxAge = std::chrono::seconds(60);
    checkResult(token, input, validator.validate(token, keys, expected));
}

void checkKeySet(QByteArrayView input, const JwtValidator &validator)
{
    const JsonWebKeySet keys = JsonWebKeySet::fromJson(input);
    const JwtValidation none;
    if (!keys.isValid() && !keys.isEmpty())
        fail("an invalid key set has keys", input, none);
    if (keys.size() > JsonWebKeySet::maximumKeys)
        fail("more keys than the maximum were read", input, none);
    for (const JsonWebKey &key : keys.keys()) {
        EVP_PKEY *publicKey = key.publicKey.get();
        if (!publicKey)
            fail("a key without an OpenSSL key", input, none);
        if (key.kty == u"RSA") {
            if (!EVP_PKEY_is_a(publicKey, "RSA") || key.bits < JsonWebKeySet::minimumRsaBits
                || key.bits > JsonWebKeySet::maximumRsaBits || EVP_PKEY_get_bits(publicKey) != key.bits)
                fail("an RSA key of the wrong type or size was read", input, none);
        } else if (key.kty == u"EC") {
            char group[64] = {};
            std::size_t length = 0;
            if (!EVP_PKEY_is_a(publicKey, "EC") || key.bits != 256
                || EVP_PKEY_get_group_name(publicKey, group, sizeof group, &length) != 1
                || qstrcmp(group, "prime256v1") != 0)
                fail("an EC key not on P-256 was read", input, none);
        } else {
            fail("a key of another type than RSA or EC was read", input, none);
        }
    }

    for (const char *signedToken : signedTokens) {
        const QByteArrayView token(signedToken);
        const JwtValidation result = validator.validate(token, keys, idToken());
        checkResult(token, input, result);
        if (!result.ok)
            continue;
        const QString kid = result.header.value(u"kid"_s).toString();
        const JsonWebKey *used = keys.find(kid);
        const JsonWebKey *holder = fixedKeys().find(kid);
        if (!used || !holder || EVP_PKEY_eq(used->publicKey.get(), holder->publicKey.get()) != 1)
            fail("a token was accepted with a key other than the one that signed it", input, result);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const FakeClock clock(signingTime);
    const JwtValidator validator(clock);
    const QByteArrayView input(data, qsizetype(size));

    if (!input.isEmpty() && input.front() == '{') {
        checkKeySet(input, validator);
    } else if (!input.isEmpty() && input.front() == '\x01') {
        const QByteArrayView rest = input.sliced(1);
        const qsizetype firstBreak = rest.indexOf('\n');
        const qsizetype secondBreak = firstBreak < 0 ? -1 : rest.indexOf('\n', firstBreak + 1);
        if (secondBreak < 0)
            return 0;
        const QByteArray token = Base64Url::encode(rest.first(firstBreak)) + '.'
            + Base64Url::encode(rest.sliced(firstBreak + 1, secondBreak - firstBreak - 1)) + '.'
            + Base64Url::encode(rest.sliced(secondBreak + 1));
        validateToken(token, input, validator);
    } else {
        validateToken(input, input, validator);
    }
    return 0;
}
