#include "secrets/SecretParts.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace streamcanvas::secrets {

namespace {

// A token, key or password never starts with a NUL byte; binary values that do are
// still told apart because they are always stored in header form.
const QByteArray magic = "\0streamcanvas-parts:"_ba;
constexpr qsizetype digestDigits = 16;

} // namespace

QList<QByteArray> SecretParts::split(const QByteArray &value, qsizetype maxPartBytes)
{
    const bool looksLikeHeader = value.startsWith(magic);
    if (!looksLikeHeader && (maxPartBytes <= 0 || value.size() <= maxPartBytes))
        return {value};
    const QByteArray valueDigest = digest(value);
    if (maxPartBytes <= 0)
        return {header(1, valueDigest) + value};
    maxPartBytes = std::max(maxPartBytes, minimumPartBytes);

    // The header grows with the number of digits in the count, so settle the count first.
    int count = 1;
    for (;;) {
        const qsizetype capacity
            = maxPartBytes - header(count, valueDigest).size() + qsizetype(count - 1) * maxPartBytes;
        if (capacity >= value.size())
            break;
        ++count;
    }

    QList<QByteArray> parts;
    parts.reserve(count);
    const QByteArray first = header(count, valueDigest);
    qsizetype taken = maxPartBytes - first.size();
    parts.append(first + value.left(taken));
    while (taken < value.size()) {
        parts.append(value.mid(taken, maxPartBytes));
        taken += maxPartBytes;
    }
    Q_ASSERT(parts.size() == count);
    return parts;
}

std::optional<int> SecretParts::partCount(const QByteArray &firstPart)
{
    if (!firstPart.startsWith(magic))
        return 1;
    const std::optional<Header> parsed = parseHeader(firstPart);
    if (!parsed)
        return std::nullopt;
    return parsed->count;
}

std::optional<QByteArray> SecretParts::join(const QList<QByteArray> &parts)
{
    if (parts.isEmpty())
        return std::nullopt;
    if (!parts.first().startsWith(magic)) {
        if (parts.size() != 1)
            return std::nullopt;
        return parts.first();
    }
    const std::optional<Header> parsed = parseHeader(parts.first());
    if (!parsed || parsed->count != parts.size())
        return std::nullopt;

    QByteArray value = parts.first().mid(parsed->size);
    for (qsizetype i = 1; i < parts.size(); ++i)
        value += parts.at(i);
    if (digest(value) != parsed->digest)
        return std::nullopt;
    return value;
}

QString SecretParts::partKey(const QString &key, int index)
{
    if (index == 0)
        return key;
    return key + u'#' + QString::number(index);
}

QByteArray SecretParts::header(int count, const QByteArray &digest)
{
    return magic + QByteArray::number(count) + '/' + digest + '\n';
}

std::optional<SecretParts::Header> SecretParts::parseHeader(const QByteArray &firstPart)
{
    // "<count>/<digest>\n" right after the magic; a newline far away means damage.
    const qsizetype newline = firstPart.indexOf('\n', magic.size());
    if (newline < 0 || newline - magic.size() > 8 + 1 + digestDigits)
        return std::nullopt;
    const QByteArray fields = firstPart.mid(magic.size(), newline - magic.size());
    const qsizetype slash = fields.indexOf('/');
    if (slash < 0)
        return std::nullopt;

    Header header;
    bool ok = false;
    header.count = fields.left(slash).toInt(&ok);
    if (!ok || header.count < 1 || header.count > maximumParts)
        return std::nullopt;
    header.digest = fields.mid(slash + 1);
    if (header.digest.size() != digestDigits)
        return std::nullopt;
    header.size = newline + 1;
    return header;
}

QByteArray SecretParts::digest(const QByteArray &value)
{
    return QCryptographicHash::hash(value, QCryptographicHash::Sha256).toHex().left(digestDigits);
}

} // namespace streamcanvas::secrets
