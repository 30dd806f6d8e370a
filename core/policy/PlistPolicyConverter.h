#pragma once

#include "policy/PolicySource.h"

#include <QSet>
#include <QString>
#include <QVariantMap>

namespace streamcanvas::policy {

// Turns the top-level dictionary of a macOS preference domain, as property-list values in Qt
// types (bool, int/qlonglong/double, QString, QVariantList, QVariantMap, QByteArray,
// QDateTime), into raw policy values. A key in `forcedKeys` is mandatory, any other only
// recommended. Arrays and dictionaries are converted all the way down; a double that is a whole
// number becomes an integer (a profile editor may write <real>30</real>). Data and dates have
// no JSON form: they are reported and left out, and so is a list entry or dictionary member
// holding one. Nothing here knows the schema: the validator checks names and values.
class PlistPolicyConverter
{
public:
    // `origin` names where the dictionary came from: a file or a preference domain.
    static PolicySourceReading convert(
        const QVariantMap &values, const QSet<QString> &forcedKeys, PolicyScope scope, const QString &origin);
};

} // namespace streamcanvas::policy
