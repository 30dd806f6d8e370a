#include "ConformanceData.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

using namespace Qt::StringLiterals;
using streamcanvas::markdown::Extension;
using streamcanvas::markdown::Extensions;

namespace streamcanvas::conformance {

namespace {

QString defaultDirectory()
{
    return QString::fromUtf8(STREAMCANVAS_DEFAULT_COMMONMARK_DIR);
}

// md4c's command-line flags (md2html --f…), as its test suites use them.
Extensions md4cFlag(const QString &flag, bool *known)
{
    *known = true;
    if (flag == u"--ftables")
        return Extension::Tables;
    if (flag == u"--fstrikethrough")
        return Extension::Strikethrough;
    if (flag == u"--ftasklists")
        return Extension::TaskLists;
    if (flag == u"--fpermissive-autolinks")
        return Extension::PermissiveAutolinks;
    if (flag == u"--fpermissive-url-autolinks")
        return Extension::PermissiveUrlAutolinks;
    if (flag == u"--fpermissive-email-autolinks")
        return Extension::PermissiveEmailAutolinks;
    if (flag == u"--fpermissive-www-autolinks")
        return Extension::PermissiveWwwAutolinks;
    if (flag == u"--flatex-math")
        return Extension::LatexMath;
    if (flag == u"--funderline")
        return Extension::Underline;
    *known = false;
    return {};
}

// cmark-gfm's extension names on the example fence line.
Extensions gfmWord(const QString &word, const QString &section, QStringList *unsupported)
{
    if (word == u"table")
        return Extension::Tables;
    if (word == u"strikethrough")
        return Extension::Strikethrough;
    if (word == u"autolink")
        return Extension::PermissiveAutolinks;
    if (word == u"footnotes") {
        unsupported->append(QStringLiteral("footnotes"));
        return {};
    }
    // cmark-gfm marks the task list examples of its spec "disabled" (its own test run
    // skips them); they are the task list extension's examples.
    if (word == u"disabled" && section.contains(u"Task list"))
        return Extension::TaskLists;
    return {}; // "tagfilter" filters raw HTML, which the product never emits anyway
}

} // namespace

QString ConformanceData::directory()
{
    const QString fromEnvironment = qEnvironmentVariable("STREAMCANVAS_COMMONMARK_DIR");
    if (!fromEnvironment.isEmpty()) {
        if (QFileInfo(fromEnvironment).isDir())
            return QDir(fromEnvironment).absolutePath();
        qWarning(
            "STREAMCANVAS_COMMONMARK_DIR=\"%s\" is not a directory; trying the default", qPrintable(fromEnvironment));
    }
    const QString fallback = defaultDirectory();
    return QFileInfo(fallback).isDir() ? QDir(fallback).absolutePath() : QString();
}

QString ConformanceData::missingMessage()
{
    const QString fromEnvironment = qEnvironmentVariable("STREAMCANVAS_COMMONMARK_DIR");
    const QString line(72, u'!');
    return line + u"\n!! CommonMark conformance data NOT FOUND: these tests did NOT run.\n"_s
        + u"!! Looked in $STREAMCANVAS_COMMONMARK_DIR = \""_s + fromEnvironment + u"\"\n"_s + u"!! and in "_s
        + defaultDirectory() + u"\n"_s + u"!! Set STREAMCANVAS_COMMONMARK_DIR to the folder holding md4c/ and gfm/.\n"_s
        + line;
}

QStringList ConformanceData::files(const QString &directory)
{
    QStringList result;
    QDirIterator it(directory, {QStringLiteral("*.txt")}, QDir::Files, QDirIterator::Subdirectories);
    const QDir base(directory);
    while (it.hasNext())
        result.append(base.relativeFilePath(it.next()));
    result.sort();
    return result;
}

ExampleSetup ConformanceData::setup(const SpecExample &example)
{
    ExampleSetup result;
    Extensions extensions;
    for (const QString &flag : example.flags) {
        bool known = false;
        extensions |= md4cFlag(flag, &known);
        if (!known)
            result.unsupported.append(flag.mid(3)); // "--fwiki-links" -> "wiki-links"
    }
    for (const QString &word : example.info)
        extensions |= gfmWord(word, example.section, &result.unsupported);
    // cmark-gfm runs its extensions file with every extension on.
    if (example.file == u"gfm/extensions.txt") {
        extensions
            |= Extension::Tables | Extension::Strikethrough | Extension::PermissiveAutolinks | Extension::TaskLists;
        if (example.section.contains(u"Footnote", Qt::CaseInsensitive))
            result.unsupported.append(QStringLiteral("footnotes"));
    }
    result.options.extensions = extensions;
    result.unsupported.removeDuplicates();
    return result;
}

} // namespace streamcanvas::conformance
