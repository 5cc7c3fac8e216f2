// Reads the image an existing container app runs, so `azd provision` after `azd deploy` keeps the deployed
// image instead of resetting it to the placeholder. A module of its own: referencing the app from the
// module that also declares it would be a circular dependency.
param exists bool
param name string

resource existingApp 'Microsoft.App/containerApps@2025-01-01' existing = if (exists) {
  name: name
}

// `.?` because the app is declared only when `exists`: the output is '' when it does not exist.
output image string = existingApp.?properties.template.containers[0].image ?? ''
