// A hand-written sample in the style amlc emits: the same deployment as
// sample.json. Generated files carry a header like this one.
targetScope = 'resourceGroup'

@secure()
@sys.description('Admin password of the nodes of gpu-cluster, from the secret gpuAdminPassword.')
param gpuAdminPassword string

resource workspace 'Microsoft.MachineLearningServices/workspaces@2026-05-01' existing = {
  name: 'ml-prod'
}

resource cpuCluster 'Microsoft.MachineLearningServices/workspaces/computes@2026-05-01' = {
  parent: workspace
  name: 'cpu-cluster'
  location: 'westeurope'
  tags: {
    team: 'vision'
    'cost-center': 'it\'s [shared]'
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    computeType: 'AmlCompute'
    description: 'CPU pool; costs \${n} {0}'
    disableLocalAuth: true
    properties: {
      vmSize: 'Standard_D2_v2'
      vmPriority: 'Dedicated'
      osType: 'Linux'
      scaleSettings: {
        minNodeCount: 0
        maxNodeCount: 4
        nodeIdleTimeBeforeScaleDown: 'PT30M'
      }
      enableNodePublicIp: true
      remoteLoginPortPublicAccess: 'Disabled'
    }
  }
}

resource gpuCluster 'Microsoft.MachineLearningServices/workspaces/computes@2026-05-01' = {
  parent: workspace
  name: 'gpu-cluster'
  location: 'westeurope'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '/subscriptions/6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/train-id': {}
    }
  }
  properties: {
    computeType: 'AmlCompute'
    computeLocation: 'northeurope'
    disableLocalAuth: false
    properties: {
      vmSize: 'Standard_NC6s_v3'
      vmPriority: 'LowPriority'
      osType: 'Linux'
      scaleSettings: {
        minNodeCount: 1
        maxNodeCount: 8
        nodeIdleTimeBeforeScaleDown: 'PT2M'
      }
      subnet: {
        id: '/subscriptions/6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/train'
      }
      enableNodePublicIp: false
      userAccountCredentials: {
        adminUserName: 'azureuser'
        adminUserSshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIL0y0cK3eW9rT8pXWjv5mQ2n7c1yF0h3aS2d4f6g8h0j user@host'
        adminUserPassword: gpuAdminPassword
      }
      remoteLoginPortPublicAccess: 'Disabled'
    }
  }
}

output gpuClusterId string = gpuCluster.id
