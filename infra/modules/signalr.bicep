// Azure SignalR Service in Serverless mode: browsers connect to the service, the gateway publishes through
// its REST API. Entra ID only (disableLocalAuth): no access keys exist to leak.
param location string
param tags object
param name string
@allowed([
  'Free_F1'
  'Standard_S1'
  'Premium_P1'
])
param sku string
@description('Origins allowed to call the service from a browser: the gateway\'s own and those of the apps that show job progress. Never `*`, never empty (an empty or missing list means "allow all" to the service).')
@minLength(1)
param allowedOrigins string[]

resource signalR 'Microsoft.SignalRService/signalR@2024-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'SignalR'
  sku: {
    name: sku
    tier: split(sku, '_')[0]
    capacity: 1
  }
  properties: {
    features: [
      {
        flag: 'ServiceMode'
        value: 'Serverless'
      }
      {
        flag: 'EnableConnectivityLogs'
        value: 'True'
      }
    ]
    cors: {
      allowedOrigins: allowedOrigins
    }
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

output name string = signalR.name
output hostName string = signalR.properties.hostName
