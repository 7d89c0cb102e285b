/**
 * The data channel's handshake, client side (aws/session-manager-plugin src/datachannel/streaming.go
 * handleHandshakeRequest; the agent's side is aws/amazon-ssm-agent agent/session/datachannel/
 * datachannel.go PerformHandshake): the agent sends a HandshakeRequest (payload type 5) naming the
 * session type and, when the account's session preferences ask for it, KMS encryption; the client
 * answers with a HandshakeResponse (6); the agent ends with HandshakeComplete (7).
 *
 * We accept the `Port` session type (what AWS-StartSSHSession runs). KMS encryption is refused
 * with a reason the caller turns into one line: the stream under SSH is already end-to-end
 * encrypted by SSH, and implementing KMS data keys is not done yet.
 */

/** What the agent compares against plugin releases (mux needs ≥ 1.1.70 and is only for LocalPortForwarding). */
export const CLIENT_VERSION = '1.2.0.0'

export const ActionStatus = {success: 1, failed: 2, unsupported: 3} as const

interface RequestedClientAction {
  ActionType: string
  ActionParameters?: unknown
}

export interface HandshakeRequest {
  AgentVersion?: string
  RequestedClientActions?: RequestedClientAction[]
}

export interface HandshakeResponse {
  ClientVersion: string
  ProcessedClientActions: {ActionType: string; ActionStatus: number; ActionResult?: unknown; Error?: string}[]
  Errors: string[]
}

export interface HandshakeOutcome {
  response: HandshakeResponse
  agentVersion?: string
  sessionType?: string
  /** Why this session cannot go on (the agent will cancel it after our response). */
  refusal?: string
}

export function answerHandshake(payload: Buffer): HandshakeOutcome {
  let request: HandshakeRequest
  try {
    request = JSON.parse(payload.toString('utf8')) as HandshakeRequest
  } catch {
    return {response: {ClientVersion: CLIENT_VERSION, ProcessedClientActions: [], Errors: ['HandshakeRequest is not JSON']}, refusal: 'the agent sent a handshake that is not JSON'}
  }
  const response: HandshakeResponse = {ClientVersion: CLIENT_VERSION, ProcessedClientActions: [], Errors: []}
  let sessionType: string | undefined
  let refusal: string | undefined
  for (const action of request.RequestedClientActions ?? []) {
    if (action.ActionType === 'SessionType') {
      const type = (action.ActionParameters as {SessionType?: unknown} | undefined)?.SessionType
      if (type === 'Port') {
        sessionType = type
        response.ProcessedClientActions.push({ActionType: action.ActionType, ActionStatus: ActionStatus.success})
      } else {
        const error = `session type ${String(type)} is not a port session`
        refusal ??= `the session is of type ${String(type)}, not Port: the document is not AWS-StartSSHSession`
        response.ProcessedClientActions.push({ActionType: action.ActionType, ActionStatus: ActionStatus.failed, Error: error})
        response.Errors.push(error)
      }
    } else if (action.ActionType === 'KMSEncryption') {
      const error = 'KMS encryption of the data channel is not supported by emr-access'
      refusal ??=
        "the account's Session Manager preferences require KMS encryption, which emr-access does not speak natively; turn KMS encryption off for these sessions (SSH encrypts the stream end to end), or connect through a bastion over SSH"
      response.ProcessedClientActions.push({ActionType: action.ActionType, ActionStatus: ActionStatus.failed, Error: error})
      response.Errors.push(error)
    } else {
      const error = `Unsupported action ${action.ActionType}`
      response.ProcessedClientActions.push({ActionType: action.ActionType, ActionStatus: ActionStatus.unsupported, Error: error})
      response.Errors.push(error)
    }
  }
  return {response, agentVersion: request.AgentVersion, sessionType, refusal}
}
