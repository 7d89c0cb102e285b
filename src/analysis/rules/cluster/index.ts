import type {Rule} from '../rule.js'
import primaryPublicIp from './emra-013-primary-public-ip.js'
import subnetAutoPublicIp from './emra-014-subnet-auto-public-ip.js'
import sharedManagedSecurityGroups from './emra-036-shared-managed-security-groups.js'
import noKeyPair from './emra-075-no-key-pair.js'
import clusterState from './emra-076-cluster-state.js'

export const rules: Rule[] = [primaryPublicIp, subnetAutoPublicIp, sharedManagedSecurityGroups, noKeyPair, clusterState]
