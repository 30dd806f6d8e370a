#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace streamcanvas::auth {

// The URL-safe Base64 alphabet without padding, as JWS and JWK use it (RFC 7515 §2).
//
// Decoding is strict so that every byte string has exactly one accepted spelling: '=',
// whitespace and the '+' '/' of standard Base64 are refused, as is a length that leaves one
// dangling character, and so are unused low bits that are not zero.
class Base64Url
{
public:
    static QByteArray encode(QByteArrayView data);
    // nullopt when `text` is not strict base64url.
    static std::optional<QByteArray> decode(QByteArrayView text);
};

} // namespace streamcanvas::auth
