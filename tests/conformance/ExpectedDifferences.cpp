#include "ExpectedDifferences.h"

#include <QFile>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace streamcanvas::conformance {

const QStringList &ExpectedDifferences::categories()
{
    static const QStringList list{
        u"raw-html"_s,          // raw HTML is shown as literal text (product rule)
        u"unsafe-link"_s,       // a destination off the scheme allow-list is shown as text
        u"visible-controls"_s,  // hidden characters are shown as visible tokens
        u"flat-marks"_s,        // marks are a set per run: <em> inside <em> is one <em>
        u"link-whitespace"_s,   // tabs and line breaks in a destination are dropped, as browsers do
        u"image-placeholder"_s, // images are placeholders, never fetched
        u"md4c-0.4.8"_s,        // md4c 0.4.8 itself prints something else
        u"missing-extension"_s, // the example needs a feature the product does not offer
    };
    return list;
}

QString ExpectedDifferences::key(const QString &file, int number)
{
    return file + u':' + QString::number(number);
}

bool ExpectedDifferences::load(const QString &path, QStringList *errors)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        errors->append(path + u": "_s + file.errorString());
        return false;
    }
    static const QRegularExpression pattern(u"^(\\S+:\\d+)\\s+(\\S+)\\s+(\\S.*)$"_s);
    int lineNumber = 0;
    const int errorsBefore = int(errors->size());
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        ++lineNumber;
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const QRegularExpressionMatch match = pattern.match(line);
        const QString where = path + u':' + QString::number(lineNumber) + u": "_s;
        if (!match.hasMatch()) {
            errors->append(where + u"expected \"file.txt:NUMBER  category  reason\": "_s + line);
            continue;
        }
        const QString category = match.captured(2);
        if (!categories().contains(category)) {
            errors->append(
                where + u"unknown category \""_s + category + u"\" (known: "_s + categories().join(u", "_s) + u')');
            continue;
        }
        if (m_entries.contains(match.captured(1))) {
            errors->append(where + u"listed twice: "_s + match.captured(1));
            continue;
        }
        m_entries.insert(match.captured(1), Entry{category, match.captured(3).trimmed(), lineNumber});
    }
    return errors->size() == errorsBefore;
}

const ExpectedDifferences::Entry *ExpectedDifferences::find(const QString &key) const
{
    const auto it = m_entries.constFind(key);
    return it == m_entries.constEnd() ? nullptr : &it.value();
}

} // namespace streamcanvas::conformance
