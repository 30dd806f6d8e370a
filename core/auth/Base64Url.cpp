#include "auth/Base64Url.h"

#include <array>

namespace streamcanvas::auth {

namespace {

constexpr int invalid = -1;

constexpr std::array<int, 256> makeDecodeTable()
{
    std::array<int, 256> table{};
    for (int &entry : table)
        entry = invalid;
    constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < 64; ++i)
        table[static_cast<unsigned char>(alphabet[i])] = i;
    return table;
}

constexpr std::array<int, 256> decodeTable = makeDecodeTable();

} // namespace

QByteArray Base64Url::encode(QByteArrayView data)
{
    return data.toByteArray().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

std::optional<QByteArray> Base64Url::decode(QByteArrayView text)
{
    const qsizetype size = text.size();
    // One character carries 6 bits, less than a byte: no encoder ever ends with one alone.
    if (size % 4 == 1)
        return std::nullopt;

    QByteArray out;
    out.reserve(size / 4 * 3 + 2);
    quint32 accumulator = 0;
    int bits = 0;
    for (const char c : text) {
        const int value = decodeTable[static_cast<unsigned char>(c)];
        if (value == invalid)
            return std::nullopt;
        // Fewer than 14 bits are ever pending; keep only those.
        accumulator = ((accumulator << 6) | quint32(value)) & 0x3FFF;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.append(char((accumulator >> bits) & 0xFF));
        }
    }
    // The bits left over must be zero, or two spellings would decode to the same bytes.
    if (bits > 0 && (accumulator & ((1u << bits) - 1)) != 0)
        return std::nullopt;
    return out;
}

} // namespace streamcanvas::auth
