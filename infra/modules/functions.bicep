// The gateway as an isolated-worker Azure Functions app (functions/McpGateway.Functions, .NET 10) on the Flex Consumption
// plan: the catch-all HTTP function, the HealthSweep timer and the Durable Functions orchestrations of jobs. azd deploys
// the project's publish output to it (azure.yaml, service `gateway`). Its app settings are in function-settings.bicep:
// they name SignalR Service, whose CORS lists this app's own origin, so they are written after both exist.
param location string
param tags object
param planName string
param name string
param identityId string
param storageAccountName string
param deploymentContainerName string
param instanceMemoryMB int
param maximumInstanceCount int
@description('Instances of the `durable` scale group (orchestrator, activity and entity functions) kept warm; 0: none. Always-ready instances are billed while idle.')
param durableAlwaysReadyInstances int
@description('Subnet (delegated to Microsoft.App/environments) for VNet integration: the worker app is reachable only through the network.')
param subnetId string

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'gateway' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    virtualNetworkSubnetId: subnetId
    siteConfig: {
      minTlsVersion: '1.2'
      // No platform CORS: the gateway answers CORS itself (McpGateway:Cors:AllowedOrigins), with the same origins
      // as SignalR Service; platform CORS would answer preflights before the app sees them.
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // Flex scales orchestrator, activity and entity functions together as the `durable` group (HTTP and timer
        // functions on their own); one warm instance keeps a job's first activity off a cold start.
        alwaysReady: durableAlwaysReadyInstances > 0 ? [
          {
            name: 'durable'
            instanceCount: durableAlwaysReadyInstances
          }
        ] : []
      }
      // The isolated worker on .NET 10 (GA on Flex Consumption since 2025-11-18; needs Worker 2.50.0 or later, the app
      // uses 2.52.0). An app created with another runtime is replaced, not switched in place.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
