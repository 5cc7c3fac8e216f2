// Container registry for the worker image. Pulls use the user-assigned identity (AcrPull); no admin user, no
// anonymous pulls. 2025-04-01 is the first GA API version with `anonymousPullEnabled` (2023-07-01 does not have it).
param location string
param tags object
param name string

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

output name string = registry.name
output loginServer string = registry.properties.loginServer
