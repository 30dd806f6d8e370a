#include "ModelList.h"

#include "ErrorMapper.h"
#include "GatewayCall.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace streamcanvas::gateway {

namespace {

constexpr qsizetype maxBody = 4 * 1024 * 1024;

} // namespace

ModelList::ModelList(GatewayCall *call, QObject *parent)
    : QObject(parent)
    , m_call(call)
{
    m_call->setParent(this);
    connect(m_call, &GatewayCall::bodyReceived, this, [this](const QByteArray &bytes) {
        if (m_body.size() < maxBody)
            m_body += bytes.left(maxBody - m_body.size());
    });
    connect(m_call, &GatewayCall::ended, this, &ModelList::onEnded);
    m_call->start();
}

void ModelList::onEnded(const GatewayError &error)
{
    if (error.isError()) {
        m_error = error;
        Q_EMIT failed(error);
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(m_body, &parseError);
    const QJsonValue data = document.object().value(u"data"_s);
    if (parseError.error != QJsonParseError::NoError || !data.isArray()) {
        m_error = {GatewayError::Kind::Protocol,
            ErrorMapper::tr("The gateway's model list is not in the expected format (an OpenAI-compatible "
                            "\u201c/v1/models\u201d answer)."),
            m_call->httpStatus(), {}};
        Q_EMIT failed(m_error);
        return;
    }
    for (const QJsonValue &entry : data.toArray()) {
        const QString id = entry.toObject().value(u"id"_s).toString();
        if (!id.isEmpty())
            m_models.append(id);
    }
    m_models.sort();
    m_models.removeDuplicates();
    Q_EMIT finished(m_models);
}

} // namespace streamcanvas::gateway
