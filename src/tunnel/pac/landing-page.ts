/**
 * The landing page on the PAC server's root (http://127.0.0.1:8158/): the cluster or host, the
 * tunnel's state (connected / reconnecting, since when, through which hops), the proxy settings and
 * the web-UI links. Plain HTML with inline style and a tiny inline script that polls /status.json
 * (a <noscript> meta refresh otherwise); no external assets. Everything shown is escaped.
 */
import type {WebUiUrl} from '../target.js'

export type TunnelState = 'connecting' | 'connected' | 'reconnecting' | 'closed'

export interface TunnelStatus {
  state: TunnelState
  /** ISO time the state began. */
  since: string
  clusterId?: string
  /** The primary as the web UIs name it. */
  primary: string
  /** "bastion ec2-user@203.0.113.10 → primary hadoop@ip-…": the hops, in order. */
  route: string
  socks: string
  pacUrl: string
  /** Why it is reconnecting (the last failure), and the attempt. */
  reason?: string
  attempt?: number
  webUis: WebUiUrl[]
}

export const STATUS_PATH = '/status.json'

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]!)
}

/** Only http(s) links become anchors; anything else is shown as text. */
function link(url: string): string {
  return /^https?:\/\//i.test(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>` : escapeHtml(url)
}

function stateText(status: TunnelStatus): string {
  const since = `since ${status.since.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}`
  switch (status.state) {
    case 'connected':
      return `connected ${since}`
    case 'reconnecting':
      return `reconnecting ${since}${status.attempt ? ` (attempt ${status.attempt})` : ''}${status.reason ? `: ${status.reason}` : ''}`
    case 'connecting':
      return `connecting ${since}`
    case 'closed':
      return `closed ${since}`
  }
}

/** The script only replaces text content from /status.json: no HTML from the data is ever parsed. */
const SCRIPT = `(function () {
  function poll() {
    fetch('${STATUS_PATH}', {cache: 'no-store'}).then(function (r) { return r.json() }).then(function (s) {
      var el = document.getElementById('state');
      el.textContent = s.text;
      el.className = 'state ' + s.state;
    }).catch(function () {
      var el = document.getElementById('state');
      el.textContent = 'emr-access is not answering (tunnel closed?)';
      el.className = 'state closed';
    });
  }
  setInterval(poll, 2000);
})();`

export function statusJson(status: TunnelStatus): TunnelStatus & {text: string} {
  return {...status, text: stateText(status)}
}

/** `browserHint`: how to get a browser that uses the PAC file, in the caller's words (a command line). */
export function renderLandingPage(status: TunnelStatus, browserHint?: string): string {
  const title = status.clusterId ? `${status.clusterId} — ${status.primary}` : status.primary
  const rows = status.webUis.map((ui) => `<tr><td>${escapeHtml(ui.name)}</td><td>${link(ui.url)}</td></tr>`).join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<noscript><meta http-equiv="refresh" content="5"></noscript>
<title>emr-access: ${escapeHtml(title)}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #222 }
h1 { font-size: 1.4em; margin-bottom: .2em }
.state { display: inline-block; padding: .25em .6em; border-radius: .3em; font-weight: 600 }
.connected { background: #dff3e0; color: #14532d } .reconnecting, .connecting { background: #fff4d6; color: #7a4b00 } .closed { background: #fde2e2; color: #7f1d1d }
table { border-collapse: collapse; margin-top: .5em } td { padding: .2em 1.2em .2em 0; vertical-align: top }
code { background: #f3f3f3; padding: 0 .25em } .muted { color: #666; font-size: .9em }
</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Tunnel: <span id="state" class="state ${escapeHtml(status.state)}">${escapeHtml(stateText(status))}</span></p>
<p>Route: ${escapeHtml(status.route)}</p>
<p>SOCKS5 proxy <code>${escapeHtml(status.socks)}</code> · PAC file <code>${escapeHtml(status.pacUrl)}</code></p>
<h2>Web UIs</h2>
<table>
${rows}
</table>
<p class="muted">The links work in a browser that uses the PAC file above${browserHint ? ` (${escapeHtml(browserHint)} starts one)` : ''}.
UIs the cluster does not run will not answer.</p>
<script>${SCRIPT}</script>
</body></html>
`
}
