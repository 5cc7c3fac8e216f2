// The virtual network the function app and the Container Apps environment share, so the gateway on Flex Consumption can
// call the worker app (stdio MCP servers served over HTTP) at its private address. Without it the worker app is reachable
// only inside its environment (azure-infra review: "The Flex app cannot reach the worker app").
// Two subnets, both delegated to Microsoft.App/environments: that delegation is what Flex Consumption VNet integration
// requires too. Each subnet is used by one consumer alone. Names without underscores (Flex rejects them).
param location string
param tags object
param name string
@description('Address space of the virtual network.')
param addressPrefix string = '10.40.0.0/16'
@description('Subnet of the function app (Flex needs up to 40 addresses per app at its largest scale-out; /24 leaves room).')
param functionsSubnetPrefix string = '10.40.0.0/24'
@description('Subnet of the Container Apps environment (workload-profiles environments need /27 at least).')
param containerAppsSubnetPrefix string = '10.40.2.0/23'

var functionsSubnetName = 'snet-functions'
var containerAppsSubnetName = 'snet-containerapps'

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: functionsSubnetName
        properties: {
          addressPrefix: functionsSubnetPrefix
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: containerAppsSubnetName
        properties: {
          addressPrefix: containerAppsSubnetPrefix
          delegations: [
            {
              name: 'container-apps'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
    ]
  }

  resource functionsSubnet 'subnets' existing = {
    name: functionsSubnetName
  }

  resource containerAppsSubnet 'subnets' existing = {
    name: containerAppsSubnetName
  }
}

output id string = vnet.id
output name string = vnet.name
output functionsSubnetId string = vnet::functionsSubnet.id
output containerAppsSubnetId string = vnet::containerAppsSubnet.id
