import type {Rule} from '../rule.js'
import bpaDisabled from './emra-050-bpa-disabled.js'
import bpaExceptions from './emra-051-bpa-exceptions.js'

export const rules: Rule[] = [bpaDisabled, bpaExceptions]
