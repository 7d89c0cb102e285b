import type {Rule} from '../rule.js'
import bastionToPrimaryPath from './emra-074-bastion-to-primary-path.js'

export const rules: Rule[] = [bastionToPrimaryPath]
