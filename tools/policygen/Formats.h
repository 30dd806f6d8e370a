#pragma once

#include <QString>

#include <optional>

namespace streamcanvas::policygen {

// A string format the schema may name ("format" of a string or list item, "keyFormat" of a
// dictionary). The generator knows every one: a typo in the schema is an error, not a format
// nobody checks.
struct StringFormat {
    QString name;
    // A regular expression every value matches (JSON Schema "pattern": ECMA-262 and PCRE
    // alike), or empty where the app's own check is more than a pattern can say.
    QString pattern;
    // For the docs: what a value is, in English.
    QString description;
};

std::optional<StringFormat> stringFormat(const QString &name);
std::optional<StringFormat> keyFormat(const QString &name);

} // namespace streamcanvas::policygen
