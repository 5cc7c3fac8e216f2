// Name resolution for the internal Container Apps environment inside the shared virtual network: a private DNS zone named
// after the environment's default domain, a wildcard A record (every app is <app>.<defaultDomain>) and the apex, both to
// the environment's static (private) IP, linked to the network the function app is integrated with.
param tags object
@description('The environment\'s defaultDomain, e.g. <unique id>.<region>.azurecontainerapps.io.')
param zoneName string
@description('The environment\'s staticIp: its internal load balancer in the Container Apps subnet.')
param staticIp string
param vnetId string

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: zoneName
  location: 'global'
  tags: tags
}

resource wildcard 'Microsoft.Network/privateDnsZones/A@2024-06-01' = {
  parent: zone
  name: '*'
  properties: {
    ttl: 300
    aRecords: [
      {
        ipv4Address: staticIp
      }
    ]
  }
}

resource apex 'Microsoft.Network/privateDnsZones/A@2024-06-01' = {
  parent: zone
  name: '@'
  properties: {
    ttl: 300
    aRecords: [
      {
        ipv4Address: staticIp
      }
    ]
  }
}

resource link 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: zone
  name: 'gateway-vnet'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: vnetId
    }
  }
}
