#include "ScriptedTokenSource.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace streamcanvas::testsupport {

ScriptedTokenSource::ScriptedTokenSource(QByteArrayList values)
    : m_values(std::move(values))
{
}

void ScriptedTokenSource::authorization(QObject *context, Callback done)
{
    const QByteArray value = m_values.value(m_next);
    QTimer::singleShot(0, context, [done = std::move(done), value] { done({true, value, {}}); });
}

void ScriptedTokenSource::renewAfterRejection(const QByteArray &rejected, QObject *context, Callback done)
{
    ++m_renewals;
    m_rejected.append(rejected);
    ++m_next;
    if (m_next >= m_values.size()) {
        QTimer::singleShot(0, context, [done = std::move(done)] { done({false, {}, u"Sign in again."_s}); });
        return;
    }
    const QByteArray value = m_values.at(m_next);
    QTimer::singleShot(0, context, [done = std::move(done), value] { done({true, value, {}}); });
}

} // namespace streamcanvas::testsupport
