#pragma once

#include "GatewayError.h"

#include <QObject>
#include <QStringList>

namespace streamcanvas::gateway {

class GatewayCall;

// GET {base}/v1/models: the ids of the models the gateway offers, sorted. Emits exactly one
// of finished or failed.
class ModelList : public QObject
{
    Q_OBJECT

public:
    // Takes ownership of `call` and starts it.
    explicit ModelList(GatewayCall *call, QObject *parent = nullptr);

    QStringList models() const { return m_models; }
    GatewayError error() const { return m_error; }

Q_SIGNALS:
    void finished(const QStringList &models);
    void failed(const streamcanvas::gateway::GatewayError &error);

private:
    void onEnded(const GatewayError &error);

    GatewayCall *m_call;
    QByteArray m_body;
    QStringList m_models;
    GatewayError m_error;
};

} // namespace streamcanvas::gateway
