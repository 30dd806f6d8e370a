#pragma once

#include "GeneratedFile.h"
#include "SchemaFile.h"

namespace streamcanvas::policygen {

// For macOS:
//   <domain>.mobileconfig  a configuration profile whose com.apple.ManagedClient.preferences
//                          payload forces every policy to its schema example (a starting point
//                          to edit, not something to deploy as it is)
//   <domain>.jamf.json     a Jamf Pro "JSON schema manifest" for the preference domain
// Payload UUIDs are derived from the payload identifiers, so the profile is the same on every run.
class AppleWriter
{
public:
    explicit AppleWriter(const SchemaFile &schema);

    QList<GeneratedFile> files() const;

private:
    QByteArray mobileconfig() const;
    QByteArray jamfManifest() const;

    const SchemaFile &m_schema;
};

} // namespace streamcanvas::policygen
