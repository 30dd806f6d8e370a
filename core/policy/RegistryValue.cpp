#include "policy/RegistryValue.h"

#include <QtEndian>

using namespace Qt::StringLiterals;

namespace streamcanvas::policy {

namespace {

// The UTF-16LE code units of `data` (an odd last byte is not a code unit).
QString utf16LittleEndian(QByteArrayView data)
{
    QString text;
    text.reserve(data.size() / 2);
    for (qsizetype i = 0; i + 1 < data.size(); i += 2)
        text.append(QChar(qFromLittleEndian<quint16>(data.data() + i)));
    return text;
}

} // namespace

RegistryValue RegistryValue::dword(quint32 value)
{
    RegistryValue result;
    result.type = Type::Dword;
    result.registryType = RegDword;
    result.number = value;
    return result;
}

RegistryValue RegistryValue::qword(quint64 value)
{
    RegistryValue result;
    result.type = Type::Qword;
    result.registryType = RegQword;
    result.number = value;
    return result;
}

RegistryValue RegistryValue::string(const QString &text)
{
    RegistryValue result;
    result.type = Type::String;
    result.registryType = RegSz;
    result.text = text;
    return result;
}

RegistryValue RegistryValue::expandString(const QString &text)
{
    RegistryValue result;
    result.type = Type::ExpandString;
    result.registryType = RegExpandSz;
    result.text = text;
    return result;
}

RegistryValue RegistryValue::multiString(const QStringList &strings)
{
    RegistryValue result;
    result.type = Type::MultiString;
    result.registryType = RegMultiSz;
    result.strings = strings;
    return result;
}

RegistryValue RegistryValue::binary(const QByteArray &bytes)
{
    RegistryValue result;
    result.type = Type::Binary;
    result.registryType = RegBinary;
    result.bytes = bytes;
    return result;
}

RegistryValue RegistryValue::other(quint32 registryType, const QByteArray &bytes)
{
    RegistryValue result;
    result.type = Type::Other;
    result.registryType = registryType;
    result.bytes = bytes;
    return result;
}

RegistryValue RegistryValue::fromData(quint32 registryType, QByteArrayView data)
{
    switch (registryType) {
    case RegSz:
    case RegExpandSz: {
        QString text = utf16LittleEndian(data);
        const qsizetype end = text.indexOf(QChar(u'\0'));
        if (end >= 0)
            text.truncate(end);
        return registryType == RegSz ? string(text) : expandString(text);
    }
    case RegMultiSz: {
        QStringList strings;
        for (const QString &part : utf16LittleEndian(data).split(QChar(u'\0'))) {
            if (part.isEmpty())
                break;
            strings.append(part);
        }
        return multiString(strings);
    }
    case RegDword:
        if (data.size() == 4)
            return dword(qFromLittleEndian<quint32>(data.data()));
        break;
    case RegDwordBigEndian:
        if (data.size() == 4) {
            RegistryValue result = dword(qFromBigEndian<quint32>(data.data()));
            result.registryType = RegDwordBigEndian;
            return result;
        }
        break;
    case RegQword:
        if (data.size() == 8)
            return qword(qFromLittleEndian<quint64>(data.data()));
        break;
    case RegBinary:
        return binary(data.toByteArray());
    default:
        break;
    }
    return other(registryType, data.toByteArray());
}

QString RegistryValue::typeName(quint32 registryType)
{
    switch (registryType) {
    case 0:
        return u"REG_NONE"_s;
    case RegSz:
        return u"REG_SZ"_s;
    case RegExpandSz:
        return u"REG_EXPAND_SZ"_s;
    case RegBinary:
        return u"REG_BINARY"_s;
    case RegDword:
        return u"REG_DWORD"_s;
    case RegDwordBigEndian:
        return u"REG_DWORD_BIG_ENDIAN"_s;
    case 6:
        return u"REG_LINK"_s;
    case RegMultiSz:
        return u"REG_MULTI_SZ"_s;
    case 8:
        return u"REG_RESOURCE_LIST"_s;
    case 9:
        return u"REG_FULL_RESOURCE_DESCRIPTOR"_s;
    case 10:
        return u"REG_RESOURCE_REQUIREMENTS_LIST"_s;
    case RegQword:
        return u"REG_QWORD"_s;
    default:
        return u"type %1"_s.arg(registryType);
    }
}

} // namespace streamcanvas::policy
