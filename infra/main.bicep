// McpGateway on Azure: the gateway as an isolated-worker Functions app (.NET 10, Durable Functions for jobs) on Flex
// Consumption, an event-driven Container Apps job for queued stdio work (the main stdio path), and a worker app on Container
// Apps for synchronous calls to stdio MCP servers, reached from the function app through a shared virtual network.
// Deployed by `azd up`; docs/deployment.md explains every resource and role.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; part of the resource group name and of resourceToken.')
param environmentName string

@minLength(1)
@description('Region of every resource. It must offer Flex Consumption: az functionapp list-flexconsumption-locations.')
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the person running azd (AZURE_PRINCIPAL_ID). When set, they get data roles on storage and SignalR to run the gateway locally against these resources.')
param principalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@secure()
@minLength(32)
@description('HS256 secret for the gateway\'s own tokens (JWT_SECRET), 32+ characters, shared by every Functions instance. azd env set JWT_SECRET "$(openssl rand -base64 48)"')
param jwtSecret string

@description('Bootstrap admin user name (MCP_GATEWAY_ADMIN_USER); used only when adminPassword is set.')
param adminUser string = 'admin'

@secure()
@description('Bootstrap admin password (MCP_GATEWAY_ADMIN_PASSWORD); empty: no bootstrap admin setting is written.')
param adminPassword string = ''

@allowed([
  512
  2048
  4096
])
param functionInstanceMemoryMB int = 2048

@minValue(40)
@maxValue(1000)
param functionMaximumInstanceCount int = 100

@minValue(0)
@maxValue(20)
@description('Always-ready instances of the `durable` scale group (orchestrators, activities, entities); billed while idle. 0: none.')
param durableAlwaysReadyInstances int = 1

@minLength(3)
@maxLength(45)
@description('Durable Functions task hub name (letters and digits, starting with a letter): app setting DurableTaskHubName, read by host.json.')
param durableTaskHubName string = 'mcpgateway'

@description('Browser origins (comma-separated, e.g. "https://app.contoso.com,https://admin.contoso.com") allowed to call the gateway and SignalR Service. The gateway\'s own origin is always allowed on SignalR Service; `*` entries are dropped (never allow every origin).')
param allowedOrigins string = ''

@description('NCRONTAB schedule of the HealthSweep timer function (six fields, UTC).')
param healthSweepSchedule string = '0 */1 * * * *'

@allowed([
  'Free_F1'
  'Standard_S1'
  'Premium_P1'
])
param signalRSku string = 'Free_F1'

@description('Set by azd (SERVICE_WORKER_RESOURCE_EXISTS) once the worker app exists, so re-provisioning keeps its deployed image.')
param workerExists bool = false

@description('Queue of stdio work drained by the worker job (and its <name>-poison queue).')
param stdioQueueName string = 'mcpgateway-stdio-jobs'

@description('Queue the worker job answers on when a job it ran ends ({"job_id"}): the function app\'s StdioJobDone trigger (app setting StdioReplyQueueName) resumes the job\'s orchestration. Its <name>-poison queue is the Functions host\'s.')
param stdioReplyQueueName string = 'mcpgateway-stdio-done'

@description('Registry file with the stdio templates the worker app and the drain job run: the one baked into the image (Dockerfile copies deploy/registry.json there), or a mounted file.')
param workerRegistryFile string = '/app/registry.json'

@description('Longest run of one worker job execution, in seconds.')
param jobReplicaTimeoutSeconds int = 1800

@description('Most worker job executions at once.')
param jobMaxExecutions int = 10

var abbrs = loadJsonContent('./abbreviations.json')
// The origins as a list: trimmed, empty and `*` entries removed.
var browserOrigins = filter(map(split(allowedOrigins, ','), origin => trim(origin)), origin => !empty(origin) && origin != '*')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

// Names the gateway uses by default (GatewayOptions.TableName, JobOptions.TableName / QueueName,
// AuthOptions.TableName / AuditTableName, McpFrontDoorOptions.SessionTableName). The Durable task hub's own tables, queues
// and blob containers (<hub>History, <hub>Instances, <hub>-control-NN, <hub>-workitems, <hub>-leases) are created by the
// Functions host at start-up.
var registryTableName = 'mcpgatewayregistry'
var jobsTableName = 'mcpgatewayjobs'
var principalsTableName = 'mcpgatewayprincipals'
var auditTableName = 'mcpgatewayaudit'
var sessionsTableName = 'mcpgatewaysessions'
var placeholderImage = 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest'
var workerAppName = '${abbrs.appContainerApps}worker-${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module monitoring './modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
  }
}

module identity './modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    location: location
    tags: tags
    name: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
  }
}

module storage './modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    deploymentContainerName: 'app-package'
    tableNames: [
      registryTableName
      jobsTableName
      principalsTableName
      auditTableName
      sessionsTableName
    ]
    queueNames: [
      stdioQueueName
      '${stdioQueueName}-poison'
      stdioReplyQueueName
      '${stdioReplyQueueName}-poison'
    ]
  }
}

module network './modules/network.bicep' = {
  name: 'network'
  scope: rg
  params: {
    location: location
    tags: tags
    name: '${abbrs.networkVirtualNetworks}${resourceToken}'
  }
}

module registry './modules/registry.bicep' = {
  name: 'registry'
  scope: rg
  params: {
    location: location
    tags: tags
    name: '${abbrs.containerRegistryRegistries}${resourceToken}'
  }
}

module roles './modules/roles.bicep' = {
  name: 'roles'
  scope: rg
  params: {
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
    storageAccountName: storage.outputs.name
    registryName: registry.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

module functions './modules/functions.bicep' = {
  name: 'functions'
  scope: rg
  // The host reads its storage, package and telemetry with the identity from its first start.
  dependsOn: [
    roles
  ]
  params: {
    location: location
    tags: tags
    planName: '${abbrs.webServerFarms}${resourceToken}'
    name: '${abbrs.webSitesFunctions}${resourceToken}'
    identityId: identity.outputs.id
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    instanceMemoryMB: functionInstanceMemoryMB
    maximumInstanceCount: functionMaximumInstanceCount
    durableAlwaysReadyInstances: durableAlwaysReadyInstances
    subnetId: network.outputs.functionsSubnetId
  }
}

// Browsers may call SignalR Service from the gateway's own origin and from the listed apps; never from anywhere.
module signalR './modules/signalr.bicep' = {
  name: 'signalr'
  scope: rg
  params: {
    location: location
    tags: tags
    name: '${abbrs.signalRServiceSignalR}${resourceToken}'
    sku: signalRSku
    allowedOrigins: union([functions.outputs.uri], browserOrigins)
  }
}

module signalRRoles './modules/signalr-roles.bicep' = {
  name: 'signalr-roles'
  scope: rg
  params: {
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
    signalRName: signalR.outputs.name
  }
}

module functionSettings './modules/function-settings.bicep' = {
  name: 'function-settings'
  scope: rg
  params: {
    functionAppName: functions.outputs.name
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    signalRHostName: signalR.outputs.hostName
    durableTaskHubName: durableTaskHubName
    healthSweepSchedule: healthSweepSchedule
    stdioQueueName: stdioQueueName
    stdioReplyQueueName: stdioReplyQueueName
    browserOrigins: browserOrigins
    jwtSecret: jwtSecret
    adminUser: adminUser
    adminPassword: adminPassword
  }
}

module containerAppsEnvironment './modules/containerapps-env.bicep' = {
  name: 'containerapps-env'
  scope: rg
  params: {
    location: location
    tags: tags
    name: '${abbrs.appManagedEnvironments}${resourceToken}'
    logAnalyticsName: monitoring.outputs.logAnalyticsName
    infrastructureSubnetId: network.outputs.containerAppsSubnetId
  }
}

module privateDns './modules/private-dns.bicep' = {
  name: 'private-dns'
  scope: rg
  params: {
    tags: tags
    zoneName: containerAppsEnvironment.outputs.defaultDomain
    staticIp: containerAppsEnvironment.outputs.staticIp
    vnetId: network.outputs.id
  }
}

module workerImage './modules/fetch-container-image.bicep' = {
  name: 'worker-image'
  scope: rg
  params: {
    exists: workerExists
    name: workerAppName
  }
}

// Settings shared by the worker app and the worker job: same store, same identity, the stdio queue, the same
// registry file (the stdio templates both run).
var containerEnv = [
  {
    name: 'McpGateway__Store'
    value: 'tables'
  }
  {
    name: 'McpGateway__Jobs__QueueName'
    value: stdioQueueName
  }
  {
    name: 'McpGateway__RegistryFile'
    value: workerRegistryFile
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identity.outputs.clientId
  }
  {
    name: 'AzureWebJobsStorage__queueServiceUri'
    value: storage.outputs.queueEndpoint
  }
  {
    name: 'AzureWebJobsStorage__tableServiceUri'
    value: storage.outputs.tableEndpoint
  }
  {
    name: 'AzureSignalRConnectionString'
    value: 'Endpoint=https://${signalR.outputs.hostName};AuthType=azure.msi;ClientId=${identity.outputs.clientId};Version=1.0;'
  }
]

var image = empty(workerImage.outputs.image) ? placeholderImage : workerImage.outputs.image

module worker './modules/worker-app.bicep' = {
  name: 'worker-app'
  scope: rg
  // AcrPull must exist before the first revision pulls from the registry; the DNS zone before the worker registers its URL.
  dependsOn: [
    roles
    privateDns
  ]
  params: {
    location: location
    tags: tags
    name: workerAppName
    environmentId: containerAppsEnvironment.outputs.id
    identityId: identity.outputs.id
    registryLoginServer: registry.outputs.loginServer
    image: image
    env: concat(containerEnv, [
      {
        name: 'McpGateway__Mode'
        value: 'worker'
      }
      {
        name: 'McpGateway__Host'
        value: '0.0.0.0'
      }
      {
        name: 'McpGateway__Port'
        value: '8080'
      }
      {
        // The URL the worker registers its templates at, the one the function app calls through the virtual network:
        // <app>.<environment default domain>, resolved by the private DNS zone to the environment's private IP (the app
        // cannot read its own fqdn output here).
        name: 'McpGateway__Worker__PublicUrl'
        value: 'https://${workerAppName}.${containerAppsEnvironment.outputs.defaultDomain}'
      }
    ])
  }
}

module workerJob './modules/worker-job.bicep' = {
  name: 'worker-job'
  scope: rg
  dependsOn: [
    roles
  ]
  params: {
    location: location
    tags: tags
    name: '${abbrs.appContainerAppsJobs}drain-${resourceToken}'
    environmentId: containerAppsEnvironment.outputs.id
    identityId: identity.outputs.id
    registryLoginServer: registry.outputs.loginServer
    image: image
    env: concat(containerEnv, [
      {
        name: 'McpGateway__Mode'
        value: 'drain'
      }
      {
        // Where a run posts {"job_id"} when a job it ran ends: the function app's StdioJobDone trigger reads this queue.
        name: 'McpGateway__Jobs__ReplyQueueName'
        value: stdioReplyQueueName
      }
    ])
    storageAccountName: storage.outputs.name
    queueName: stdioQueueName
    replicaTimeoutSeconds: jobReplicaTimeoutSeconds
    maxExecutions: jobMaxExecutions
  }
}

// azd reads these into the environment (.azure/<env>/.env); hooks and docs use them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = containerAppsEnvironment.outputs.name
output AZURE_FUNCTION_APP_NAME string = functions.outputs.name
output AZURE_WORKER_APP_NAME string = worker.outputs.name
output AZURE_WORKER_JOB_NAME string = workerJob.outputs.name
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_SIGNALR_NAME string = signalR.outputs.name
output AZURE_SIGNALR_ENDPOINT string = 'https://${signalR.outputs.hostName}'
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output SERVICE_GATEWAY_URI string = functions.outputs.uri
output SERVICE_WORKER_PRIVATE_FQDN string = worker.outputs.fqdn
output AZURE_VIRTUAL_NETWORK_NAME string = network.outputs.name
output DURABLE_TASK_HUB_NAME string = durableTaskHubName
output MCPGATEWAY_STDIO_QUEUE string = stdioQueueName
output MCPGATEWAY_STDIO_REPLY_QUEUE string = stdioReplyQueueName
