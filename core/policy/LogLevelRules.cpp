#include "LogLevelRules.h"

#include <QLoggingCategory>
#include <QString>

using namespace Qt::StringLiterals;

namespace streamcanvas::policy {

void applyLogLevel(LogLevel level)
{
    QString rules;
    switch (level) {
    case LogLevel::Error:
        rules = u"streamcanvas.*.debug=false\nstreamcanvas.*.info=false\nstreamcanvas.*.warning=false\n"_s;
        break;
    case LogLevel::Warning:
        rules = u"streamcanvas.*.debug=false\nstreamcanvas.*.info=false\n"_s;
        break;
    case LogLevel::Info:
        rules = u"streamcanvas.*.debug=false\n"_s;
        break;
    case LogLevel::Debug:
        rules = u"streamcanvas.*=true\n"_s;
        break;
    }
    QLoggingCategory::setFilterRules(rules);
}

} // namespace streamcanvas::policy
