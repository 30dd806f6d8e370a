#pragma once

#include "markdown/BlockScanner.h"
#include "markdown/Document.h"

#include <QByteArrayView>
#include <QString>

namespace streamcanvas::markdown {

// The fenced code block still open at the end of a streaming answer, shown as it grows:
// each complete line is converted once, so an update costs only what arrived.
class OpenFenceTail
{
public:
    // The code block for `fence` with the text of `source` up to `end`. A last line that
    // may yet be the closing fence is not shown.
    Block block(QByteArrayView source, const BlockScanner::OpenFence &fence, qsizetype end);

private:
    qsizetype m_start = -1;
    qsizetype m_linesEnd = 0;
    QString m_code;
    int m_hidden = 0;
    QString m_language;
};

} // namespace streamcanvas::markdown
