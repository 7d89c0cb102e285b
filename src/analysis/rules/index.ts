/**
 * Every audit rule, in id order. A folder is a category and owns a range of ids (RULE_CATEGORIES);
 * each folder's index lists its rule modules, one rule per module named after its id.
 */
import {rules as access} from './access/index.js'
import {rules as blockPublicAccess} from './block-public-access/index.js'
import {rules as dns} from './dns/index.js'
import {rules as networkAcls} from './network-acls/index.js'
import type {Rule} from './rule.js'
import {rules as routing} from './routing/index.js'
import {rules as securityGroups} from './security-groups/index.js'
import {rules as vpn} from './vpn/index.js'

/** Category folders and the id range each owns (inclusive): a new rule takes the next free id of its folder. */
export const RULE_CATEGORIES: Readonly<Record<string, readonly [number, number]>> = {
  dns: [1, 9],
  routing: [10, 29],
  'security-groups': [30, 49],
  'block-public-access': [50, 59],
  'network-acls': [60, 69],
  access: [70, 89],
  vpn: [90, 99],
}

export const ALL_RULES: readonly Rule[] = [...dns, ...routing, ...securityGroups, ...blockPublicAccess, ...networkAcls, ...access, ...vpn].sort((a, b) => a.meta.id.localeCompare(b.meta.id))
