/** Every audit rule, in id order. Each category folder lists its own rules. */
import {rules as bastion} from './bastion/index.js'
import {rules as blockPublicAccess} from './block-public-access/index.js'
import {rules as cluster} from './cluster/index.js'
import {rules as dns} from './dns/index.js'
import {rules as networkAcls} from './network-acls/index.js'
import type {Rule} from './rule.js'
import {rules as routing} from './routing/index.js'
import {rules as securityGroups} from './security-groups/index.js'
import {rules as vpn} from './vpn/index.js'

export const ALL_RULES: readonly Rule[] = [...dns, ...routing, ...cluster, ...securityGroups, ...blockPublicAccess, ...networkAcls, ...bastion, ...vpn].sort((a, b) =>
  a.meta.id.localeCompare(b.meta.id),
)
