// App settings of the function app (functions.bicep). FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION are absent on
// purpose: on Flex Consumption the platform derives them from functionAppConfig.runtime (dotnet-isolated 10.0) and lists both
// as deprecated settings there. local.settings.sample.json sets FUNCTIONS_WORKER_RUNTIME for local runs.
param functionAppName string
param identityClientId string
param storageAccountName string
param applicationInsightsConnectionString string
param signalRHostName string
@description('Durable Functions task hub (host.json extensions.durableTask.hubName is %DurableTaskHubName%).')
param durableTaskHubName string
@description('NCRONTAB schedule of the HealthSweep timer function (%HealthSweepSchedule%).')
param healthSweepSchedule string
@description('Queue of stdio work the Container Apps job drains (McpGateway:Jobs:StdioQueueName).')
param stdioQueueName string
@description('Queue the Container Apps job answers on (%StdioReplyQueueName% of the StdioJobDone trigger; the gateway reads it as McpGateway:Jobs:ReplyQueueName).')
param stdioReplyQueueName string
@description('Browser origins of the apps that call the gateway and SignalR Service (no `*`).')
param browserOrigins array
@secure()
param jwtSecret string
param adminUser string
@secure()
param adminPassword string

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

var baseSettings = {
  // Host storage, the Durable task hub (tables, queues and blobs in the same account) and the gateway's own tables and
  // queues: identity-based, with the user-assigned identity (no connection string exists: shared keys are off).
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  DurableTaskHubName: durableTaskHubName
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  // The component has local auth disabled: ingestion with Entra ID, as the user-assigned identity.
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  AzureSignalRConnectionString: 'Endpoint=https://${signalRHostName};AuthType=azure.msi;ClientId=${identityClientId};Version=1.0;'
  HealthSweepSchedule: healthSweepSchedule
  McpGateway__Store: 'tables'
  // Jobs are Durable orchestrations; a job whose template only a stdio host can run is queued on the stdio queue for the
  // Container Apps job, which answers on the reply queue. StdioReplyQueueName is required: the StdioJobDone trigger names it.
  McpGateway__Jobs__StdioQueueName: stdioQueueName
  StdioReplyQueueName: stdioReplyQueueName
  JWT_SECRET: jwtSecret
}

// McpGateway:Cors:AllowedOrigins (REST and /auth from browsers) and McpGateway:Mcp:AllowedOrigins (the MCP endpoint's
// Origin check), one indexed setting per origin.
var originSettings = toObject(
  flatten(map(range(0, length(browserOrigins)), i => [
    { key: 'McpGateway__Cors__AllowedOrigins__${i}', value: browserOrigins[i] }
    { key: 'McpGateway__Mcp__AllowedOrigins__${i}', value: browserOrigins[i] }
  ])),
  entry => entry.key,
  entry => entry.value
)

var adminSettings = empty(adminPassword) ? {} : {
  MCP_GATEWAY_ADMIN_USER: adminUser
  MCP_GATEWAY_ADMIN_PASSWORD: adminPassword
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(baseSettings, originSettings, adminSettings)
}
