#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace streamcanvas::conformance {

// The checked-in list of examples whose output differs from the spec on purpose or
// because of md4c 0.4.8. One line per example:
//     relative/file.txt:NUMBER  category  short reason
// Blank lines and lines starting with '#' are ignored.
class ExpectedDifferences
{
public:
    struct Entry {
        QString category;
        QString reason;
        int line = 0;
    };

    // The categories an entry may have, each a true reason for a difference.
    static const QStringList &categories();
    static QString key(const QString &file, int number);

    // Reads the list; every malformed line is reported in *errors.
    bool load(const QString &path, QStringList *errors);
    const Entry *find(const QString &key) const;
    QStringList keys() const { return m_entries.keys(); }

private:
    QHash<QString, Entry> m_entries;
};

} // namespace streamcanvas::conformance
