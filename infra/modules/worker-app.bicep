// The worker: a long-running container (McpGateway__Mode=worker) that hosts stdio MCP servers, which need
// a process and a filesystem the Flex sandbox does not promise, and serves them over MCP Streamable HTTP for
// synchronous calls and sessions. azd deploys the real image to it (azd-service-name).
// Ingress: `external: true` in an *internal* environment means "reachable from the environment's virtual network"
// (https://<app>.<defaultDomain>, the environment's private IP), which is what the function app needs; it is never
// reachable from the internet. `external: false` would limit it to apps inside the environment, which the function
// app is not.
param location string
param tags object
param name string
param environmentId string
param identityId string
param registryLoginServer string
param image string
param env array
param minReplicas int = 1
param maxReplicas int = 3

resource worker 'Microsoft.App/containerApps@2025-01-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'worker' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 8080
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        {
          server: registryLoginServer
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'worker'
          image: image
          env: env
          resources: {
            cpu: json('1.0')
            memory: '2Gi'
          }
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
      }
    }
  }
}

output name string = worker.name
output fqdn string = worker.properties.configuration.ingress.fqdn
