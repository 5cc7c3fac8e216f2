// Container Apps environment (workload-profiles type, Consumption profile only) in the shared virtual network, internal:
// its apps have private addresses only (the environment's staticIp in the Container Apps subnet), reachable from the
// function app through that network and the private DNS zone (private-dns.bicep), never from the internet.
// The network type cannot be changed after creation: an environment created without a network must be replaced (new name).
//
// HTTP idle timeout: requests idle for 4 minutes are cut by the environment's ingress. Raising it
// (ingressConfiguration.requestIdleTimeout, 4-30 min) is a premium-ingress setting that needs a dedicated workload
// profile of two nodes or more, billed all the time. Not used: the gateway sends keep-alive comments on idle SSE
// streams every 15 s (McpGateway:Streaming:KeepAliveSeconds, McpGateway:Jobs:SseKeepAliveSeconds), so a stream is never idle.
param location string
param tags object
param name string
param logAnalyticsName string
@description('Subnet for the environment\'s infrastructure (delegated to Microsoft.App/environments, /27 or larger).')
param infrastructureSubnetId string

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
    vnetConfiguration: {
      infrastructureSubnetId: infrastructureSubnetId
      internal: true
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
    zoneRedundant: false
  }
}

output id string = environment.id
output name string = environment.name
output defaultDomain string = environment.properties.defaultDomain
output staticIp string = environment.properties.staticIp
