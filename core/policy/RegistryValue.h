#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

namespace streamcanvas::policy {

// One registry value as the Windows policy source found it, decoded but not yet interpreted.
// Plain data, so that everything done with it can be tested on any system.
struct RegistryValue {
    enum class Type { Dword, Qword, String, ExpandString, MultiString, Binary, Other };

    // The REG_* type codes of winnt.h that decoding tells apart.
    static constexpr quint32 RegSz = 1;
    static constexpr quint32 RegExpandSz = 2;
    static constexpr quint32 RegBinary = 3;
    static constexpr quint32 RegDword = 4;
    static constexpr quint32 RegDwordBigEndian = 5;
    static constexpr quint32 RegMultiSz = 7;
    static constexpr quint32 RegQword = 11;

    Type type = Type::Other;
    quint64 number = 0;       // Dword, Qword
    QString text;             // String, ExpandString (never expanded)
    QStringList strings;      // MultiString
    QByteArray bytes;         // Binary, Other: the data as stored
    quint32 registryType = 0; // the REG_* code as stored, for messages

    static RegistryValue dword(quint32 value);
    static RegistryValue qword(quint64 value);
    static RegistryValue string(const QString &text);
    static RegistryValue expandString(const QString &text);
    static RegistryValue multiString(const QStringList &strings);
    static RegistryValue binary(const QByteArray &bytes);
    static RegistryValue other(quint32 registryType, const QByteArray &bytes);

    // Decodes what RegQueryValueExW returned: strings are UTF-16LE and end at their first NUL
    // (as every registry tool shows them), a multi-string ends at its first empty string.
    // A DWORD or QWORD of the wrong size becomes Other, so that it is reported, not guessed at.
    static RegistryValue fromData(quint32 registryType, QByteArrayView data);
    // "REG_SZ", "REG_BINARY", ... or the number of a type without a name.
    static QString typeName(quint32 registryType);

    friend bool operator==(const RegistryValue &, const RegistryValue &) = default;
};

} // namespace streamcanvas::policy
