import type {Rule} from '../rule.js'
import vpnTunnelsDown from './emra-090-vpn-tunnels-down.js'
import vgwNotAttached from './emra-091-vgw-not-attached.js'
import noRouteToOnprem from './emra-092-no-route-to-onprem.js'
import onpremOverlapsVpc from './emra-093-onprem-overlaps-vpc.js'
import tgwAttachmentAz from './emra-094-tgw-attachment-az.js'
import onpremToPrimaryPath from './emra-095-onprem-to-primary-path.js'

export const rules: Rule[] = [vpnTunnelsDown, vgwNotAttached, noRouteToOnprem, onpremOverlapsVpc, tgwAttachmentAz, onpremToPrimaryPath]
