// Event-driven Container Apps job (McpGateway__Mode=drain) for queued stdio work: KEDA's azure-queue scaler
// watches the stdio queue with the user-assigned identity and starts one execution per message (queueLength 1),
// up to maxExecutions at once. Each execution runs one replica that drains work and exits; for each job it ends it posts
// {"job_id"} to the reply queue (McpGateway__Jobs__ReplyQueueName in env), which resumes the job's Durable orchestration.
// It runs the worker image: no azd-service-name tag (azd allows one resource per service tag); the worker
// service's postdeploy hook in azure.yaml copies the worker's image to this job.
param location string
param tags object
param name string
param environmentId string
param identityId string
param registryLoginServer string
param image string
param env array
param storageAccountName string
param queueName string
@description('Longest time one execution may run, in seconds.')
param replicaTimeoutSeconds int
@description('Most executions running at once.')
param maxExecutions int

resource job 'Microsoft.App/jobs@2025-01-01' = {
  name: name
  location: location
  tags: tags
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
      triggerType: 'Event'
      replicaTimeout: replicaTimeoutSeconds
      // A failed replica is not restarted: its message becomes visible again and starts a new execution,
      // and after MaxDequeueCount deliveries the gateway moves it to <queue>-poison.
      replicaRetryLimit: 0
      registries: [
        {
          server: registryLoginServer
          identity: identityId
        }
      ]
      eventTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
        scale: {
          minExecutions: 0
          maxExecutions: maxExecutions
          pollingInterval: 30
          rules: [
            {
              name: 'stdio-queue'
              type: 'azure-queue'
              metadata: {
                accountName: storageAccountName
                queueName: queueName
                queueLength: '1'
              }
              identity: identityId
            }
          ]
        }
      }
    }
    template: {
      containers: [
        {
          name: 'drain'
          image: image
          env: env
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
        }
      ]
    }
  }
}

output name string = job.name
