/** Readers shared by the block public access rules. */
import type {BlockPublicAccess} from '../../../model/types.js'
import type {RuleContext} from '../rule.js'

/** The Region's EMR block public access configuration, or stop: the data does not hold it. */
export function blockPublicAccessOrStop(context: RuleContext): BlockPublicAccess {
  return context.model.data.blockPublicAccess ?? context.lacking('blockPublicAccess', 'the block public access configuration')
}
