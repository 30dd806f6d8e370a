#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace streamcanvas::conformance {

// One example of a CommonMark-style spec file.
struct SpecExample {
    QString file;        // relative to the data directory, e.g. "md4c/spec.txt"
    int number = 0;      // 1-based, counted per file as the spec tools count them
    int line = 0;        // line of the opening fence
    QString section;     // the nearest heading above the example
    QByteArray markdown; // with "→" already turned into a tab
    QByteArray html;     // the expected HTML, likewise
    QStringList info;    // words after "example" on the fence line ("table", "[no-normalize]")
    QStringList flags;   // md4c's per-example command-line flags ("--ftables")
};

// Reads the example format shared by the CommonMark spec, cmark-gfm and md4c: a fence of
// 32 backticks followed by "example", the Markdown, a "." line, the HTML, optionally
// another "." line with md4c flags, and a closing fence.
class SpecReader
{
public:
    static std::vector<SpecExample> read(const QString &path, const QString &relativeName, QString *error);
    static std::vector<SpecExample> parse(const QByteArray &content, const QString &relativeName);
};

} // namespace streamcanvas::conformance
