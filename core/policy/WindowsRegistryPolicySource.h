#pragma once

#include "policy/PolicySource.h"

#include <memory>
#include <vector>

namespace streamcanvas::policy {

// Managed policy on Windows, where Group Policy and the ADMX templates write it:
// HKLM, then HKCU \Software\Policies\StreamCanvas\Desktop (mandatory) and its Recommended
// subkey (recommended), machine scope for HKLM and user scope for HKCU. This class only reads
// the keys; RegistryPolicyConverter decides what they mean.
//
// watch() must be called in the object's thread: a registry change notification belongs to
// the thread that asked for it.
class WindowsRegistryPolicySource final : public PolicySource
{
    Q_OBJECT

public:
    explicit WindowsRegistryPolicySource(QObject *parent = nullptr);
    ~WindowsRegistryPolicySource() override;

    PolicySourceReading read() override;
    void watch() override;
    QString description() const override;

private:
    struct HiveWatch;
    void arm(HiveWatch &watch);

    std::vector<std::unique_ptr<HiveWatch>> m_watches;
};

} // namespace streamcanvas::policy
