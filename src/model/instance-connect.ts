/**
 * EC2 Instance Connect Endpoint facts shared by the audit (which endpoints count) and the tunnel
 * (which endpoint to open tunnels through), kept here so the audit need not load the tunnel's AWS SDK.
 */

/** States in which an endpoint carries tunnels (the AWS CLI's filter, awscli/customizations/ec2instanceconnect/eicefetcher.py). */
export const USABLE_STATES = ['create-complete', 'update-in-progress', 'update-failed', 'update-complete']
