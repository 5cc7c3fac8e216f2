// The one user-assigned identity shared by the function app, the worker app and the worker job.
// Its role assignments are in roles.bicep (they need the target resources to exist first).
param location string
param tags object
param name string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
