// The gateway as an Azure Functions custom handler on the Flex Consumption plan.
// The package (host.json, function folders, bin/McpGateway) comes from scripts/package-functions.sh via azd.
param location string
param tags object
param planName string
param name string
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsConnectionString string
param signalRHostName string
@description('functionAppConfig.runtime.name; see docs/deployment.md, "Runtime value".')
param runtimeName string
param runtimeVersion string
param instanceMemoryMB int
param maximumInstanceCount int
@description('NCRONTAB schedule of the HealthSweep timer function (functions/HealthSweep/function.json reads %HealthSweepSchedule%).')
param healthSweepSchedule string
@description('Queue for jobs of templates that need a stdio host; the drain job consumes it (McpGateway:Jobs:StdioQueueName).')
param stdioQueueName string
@secure()
param jwtSecret string
param adminUser string
@secure()
param adminPassword string

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
    siteConfig: {
      minTlsVersion: '1.2'
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
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
    }
  }
}

// FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION are deliberately absent: on Flex Consumption the
// platform derives them from functionAppConfig.runtime, and Microsoft lists both as deprecated settings there.
var baseSettings = {
  // Host storage and the gateway's tables/queues, identity-based (no connection string exists).
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  AzureSignalRConnectionString: 'Endpoint=https://${signalRHostName};AuthType=azure.msi;ClientId=${identityClientId};Version=1.0;'
  HealthSweepSchedule: healthSweepSchedule
  McpGateway__Store: 'tables'
  McpGateway__Jobs__StdioQueueName: stdioQueueName
  JWT_SECRET: jwtSecret
}

var adminSettings = empty(adminPassword) ? {} : {
  MCP_GATEWAY_ADMIN_USER: adminUser
  MCP_GATEWAY_ADMIN_PASSWORD: adminPassword
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(baseSettings, adminSettings)
}

output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
