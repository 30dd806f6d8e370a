// streamcanvas-policygen: makes everything that follows from core/policy/policies.json.
//
//   streamcanvas-policygen --schema FILE --cpp OUTDIR        the C++ keys and accessors (build time)
//   streamcanvas-policygen --schema FILE --templates OUTDIR  the admin templates (packaging/policy)
//   streamcanvas-policygen --schema FILE --docs FILE.md      the admins' reference (docs/policies.md)
//
// Exits 1 when the schema is wrong (each problem names the policy and the field), 2 on a
// usage or file error.
#include "AdmxWriter.h"
#include "AppleWriter.h"
#include "CppWriter.h"
#include "GeneratedFile.h"
#include "JsonSchemaWriter.h"
#include "MarkdownWriter.h"
#include "SchemaFile.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace streamcanvas::policygen;

namespace {

void printLine(const QString &line)
{
    std::fputs((line + u'\n').toUtf8().constData(), stderr);
}

void printError(const QString &message)
{
    printLine(u"streamcanvas-policygen: "_s + message);
}

bool writeAll(const QString &directory, const QList<GeneratedFile> &files)
{
    for (const GeneratedFile &file : files) {
        QString error;
        if (!writeGeneratedFile(QDir(directory).filePath(file.path), file.content, &error)) {
            printError(error);
            return false;
        }
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"streamcanvas-policygen"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Generates the policy accessors, admin templates and docs from the schema."_s);
    parser.addHelpOption();
    const QCommandLineOption schemaOption(u"schema"_s, u"The policy schema (core/policy/policies.json)."_s, u"file"_s);
    const QCommandLineOption cppOption(u"cpp"_s, u"Write the C++ keys and accessors into <dir>."_s, u"dir"_s);
    const QCommandLineOption templatesOption(
        u"templates"_s, u"Write the ADMX/ADML, macOS and Linux templates into <dir>."_s, u"dir"_s);
    const QCommandLineOption docsOption(u"docs"_s, u"Write the administrators' reference to <file>."_s, u"file"_s);
    parser.addOptions({schemaOption, cppOption, templatesOption, docsOption});
    parser.process(app);

    if (!parser.isSet(schemaOption)
        || !(parser.isSet(cppOption) || parser.isSet(templatesOption) || parser.isSet(docsOption))) {
        printError(u"give --schema FILE and at least one of --cpp DIR, --templates DIR, --docs FILE (see --help)"_s);
        return 2;
    }

    const QString schemaPath = parser.value(schemaOption);
    QStringList errors;
    const std::optional<SchemaFile> schema = SchemaFile::load(schemaPath, &errors);
    if (!schema) {
        for (const QString &error : std::as_const(errors))
            printLine(QFileInfo(schemaPath).fileName() + u": "_s + error);
        return 1;
    }

    if (parser.isSet(cppOption) && !writeAll(parser.value(cppOption), CppWriter(*schema).files()))
        return 2;
    if (parser.isSet(templatesOption)) {
        QList<GeneratedFile> files = AdmxWriter(*schema).files();
        files += AppleWriter(*schema).files();
        files += JsonSchemaWriter(*schema).files();
        if (!writeAll(parser.value(templatesOption), files))
            return 2;
    }
    if (parser.isSet(docsOption)) {
        QString error;
        if (!writeGeneratedFile(parser.value(docsOption), MarkdownWriter(*schema).document(), &error)) {
            printError(error);
            return 2;
        }
    }
    return 0;
}
