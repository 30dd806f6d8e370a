#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace streamcanvas::policygen {

// One file a writer produces: its path relative to the output directory, and its bytes.
struct GeneratedFile {
    QString path;
    QByteArray content;
};

// Text as every generated file has it: LF line endings and exactly one trailing newline.
QByteArray normalizedText(QByteArray text);

// Writes the file, creating its directory. A file that already has this content is left
// alone, so the build does not recompile what did not change.
bool writeGeneratedFile(const QString &path, const QByteArray &content, QString *error);

} // namespace streamcanvas::policygen
