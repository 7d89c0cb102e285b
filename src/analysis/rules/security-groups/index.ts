import type {Rule} from '../rule.js'
import managedSgReflexiveRules from './emra-030-managed-sg-reflexive-rules.js'
import publicPrimary8443 from './emra-031-public-primary-8443.js'
import serviceAccessRules7x from './emra-032-service-access-rules-7x.js'
import serviceAccessRules8x from './emra-033-service-access-rules-8x.js'
import restrictedEgressMinimum from './emra-034-restricted-egress-minimum.js'
import sharedManagedSecurityGroups from './emra-036-shared-managed-security-groups.js'
import clusterSgOpenToWorld from './emra-040-cluster-sg-open-to-world.js'
import primarySshOpenToWorld from './emra-041-primary-ssh-open-to-world.js'
import webUiBroadCidr from './emra-042-web-ui-broad-cidr.js'

export const rules: Rule[] = [
  managedSgReflexiveRules,
  publicPrimary8443,
  serviceAccessRules7x,
  serviceAccessRules8x,
  restrictedEgressMinimum,
  sharedManagedSecurityGroups,
  clusterSgOpenToWorld,
  primarySshOpenToWorld,
  webUiBroadCidr,
]
