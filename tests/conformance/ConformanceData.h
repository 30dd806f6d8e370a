#pragma once

#include "SpecReader.h"
#include "markdown/ParseOptions.h"

#include <QString>
#include <QStringList>

namespace streamcanvas::conformance {

// How one example is to be parsed: the extensions its flags ask for, and the features it
// needs that the product does not offer (its difference, if any, must be listed).
struct ExampleSetup {
    markdown::ParseOptions options;
    QStringList unsupported;
};

// Where the CommonMark/GFM/md4c example files live and how their flags map to options.
class ConformanceData
{
public:
    // $STREAMCANVAS_COMMONMARK_DIR when it names a directory, else the one next to the source tree;
    // empty when neither exists.
    static QString directory();
    // Printed when the data is missing, so a skipped run cannot pass unnoticed.
    static QString missingMessage();
    // The example files, relative to directory(), in a stable order.
    static QStringList files(const QString &directory);
    static ExampleSetup setup(const SpecExample &example);
};

} // namespace streamcanvas::conformance
