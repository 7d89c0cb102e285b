import type {Rule} from '../rule.js'
import noUsableBastion from './emra-070-no-usable-bastion.js'
import bastionSshOpenToWorld from './emra-071-bastion-ssh-open-to-world.js'
import primaryAdmitsBastionSsh from './emra-072-primary-admits-bastion-ssh.js'
import operatorToBastionPath from './emra-073-operator-to-bastion-path.js'
import bastionToPrimaryPath from './emra-074-bastion-to-primary-path.js'
import noKeyPair from './emra-075-no-key-pair.js'
import clusterState from './emra-076-cluster-state.js'
import eiceToPrimary from './emra-077-eice-to-primary.js'
import ssmToPrimary from './emra-078-ssm-to-primary.js'

export const rules: Rule[] = [noUsableBastion, bastionSshOpenToWorld, primaryAdmitsBastionSsh, operatorToBastionPath, bastionToPrimaryPath, noKeyPair, clusterState, eiceToPrimary, ssmToPrimary]
