#pragma once

#include "gateway/AccessTokenSource.h"

#include <QByteArrayList>

namespace streamcanvas::testsupport {

// Hands out a scripted sequence of Authorization values: the first for authorization(),
// the next ones for each renewal; counts the calls. Stands in for the sign-in token
// provider where a test needs a token to be rejected on purpose.
class ScriptedTokenSource : public gateway::AccessTokenSource
{
public:
    explicit ScriptedTokenSource(QByteArrayList values);

    void authorization(QObject *context, Callback done) override;
    void renewAfterRejection(const QByteArray &rejected, QObject *context, Callback done) override;

    int renewals() const { return m_renewals; }
    QByteArrayList rejected() const { return m_rejected; }

private:
    QByteArrayList m_values;
    int m_next = 0;
    int m_renewals = 0;
    QByteArrayList m_rejected;
};

} // namespace streamcanvas::testsupport
