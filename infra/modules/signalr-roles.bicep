// SignalR Service role assignments: the identity publishes job progress through the service's REST API and signs client
// tokens for the gateway's negotiate endpoint; the person running azd (optional) can do the same from their machine.
@description('Principal id of the user-assigned identity.')
param identityPrincipalId string
@description('Object id of the person (or CI principal) running azd; empty: no role for them.')
param userPrincipalId string = ''
@allowed([
  'User'
  'ServicePrincipal'
])
param userPrincipalType string = 'User'
param signalRName string

// SignalR Service Owner: "full access to all data-plane APIs, including REST APIs, the APIs that create server connections,
// and the APIs that generate keys/tokens", the role Microsoft names for a negotiation server of a Serverless-mode resource
// (MicrosoftDocs azure-docs articles/azure-signalr/signalr-howto-authorize-managed-identity.md and
// articles/role-based-access-control/built-in-roles.md#signalr-service-owner; the same id is in the built-in role table of
// the Azure/bicep-registry-modules SignalR/Web PubSub module). SignalR App Server (420fcaa2-...) covers server connections and key
// generation only: it cannot publish through the REST API (azure-infra review).
var signalRServiceOwner = '7e4f1700-ea5a-4f59-8f37-079cfe29dce3'

resource signalR 'Microsoft.SignalRService/signalR@2024-03-01' existing = {
  name: signalRName
}

// REST publish (job progress to groups, group membership) and the Entra access-key exchange used to sign the client
// tokens the gateway's negotiate endpoint hands out.
resource identitySignalROwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(signalR.id, identityPrincipalId, signalRServiceOwner)
  scope: signalR
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', signalRServiceOwner)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource userSignalROwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(userPrincipalId)) {
  name: guid(signalR.id, userPrincipalId, signalRServiceOwner)
  scope: signalR
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', signalRServiceOwner)
    principalId: userPrincipalId
    principalType: userPrincipalType
  }
}
