import type {Rule} from '../rule.js'
import naclBlocksIntraVpc from './emra-060-nacl-blocks-intra-vpc.js'
import naclBlocksReturnTraffic from './emra-061-nacl-blocks-return-traffic.js'
import naclAdminPortsOpenToWorld from './emra-062-nacl-admin-ports-open-to-world.js'

export const rules: Rule[] = [naclBlocksIntraVpc, naclBlocksReturnTraffic, naclAdminPortsOpenToWorld]
