#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace streamcanvas::secrets {

// Splits a value into parts no larger than one keychain entry may hold (a Windows credential
// holds 2,560 bytes) and joins them back.
//
// Part 0 is stored under the key itself, part i under "key#i". A value that fits is stored
// as it is. Otherwise part 0 starts with a header that records the number of parts and a
// digest of the whole value:
//     "\0streamcanvas-parts:" <count in decimal> "/" <16 hex digits of its SHA-256> "\n"
// The digest turns a mix of two values' parts (a write that was interrupted) into a damaged
// value instead of a wrong one. A small value that happens to start like the header is
// stored in header form too (one part), so that reading can always tell the two apart.
class SecretParts
{
public:
    // The smallest part size honoured: a part must hold the header and some data.
    static constexpr qsizetype minimumPartBytes = 64;
    // A header claiming more parts than this is damaged.
    static constexpr int maximumParts = 10000;

    // `maxPartBytes` <= 0 means no limit.
    static QList<QByteArray> split(const QByteArray &value, qsizetype maxPartBytes);
    // How many parts the value whose part 0 is `firstPart` has; nullopt when the header
    // is damaged.
    static std::optional<int> partCount(const QByteArray &firstPart);
    // The value, or nullopt when the parts do not make up the value part 0 describes.
    static std::optional<QByteArray> join(const QList<QByteArray> &parts);
    // The key part `index` is stored under.
    static QString partKey(const QString &key, int index);

private:
    struct Header {
        int count = 0;
        QByteArray digest;
        qsizetype size = 0;
    };
    static QByteArray header(int count, const QByteArray &digest);
    static std::optional<Header> parseHeader(const QByteArray &firstPart);
    static QByteArray digest(const QByteArray &value);
};

} // namespace streamcanvas::secrets
