#include "RecordingUrlOpener.h"

namespace streamcanvas::testsupport {

void RecordingUrlOpener::open(const QUrl &url)
{
    opened.append(url);
}

} // namespace streamcanvas::testsupport
