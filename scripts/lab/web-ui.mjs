#!/usr/bin/env node
// Stand-in EMR web UIs for the network-namespace lab (scripts/lab/lab-up.sh starts it inside the
// "vpc" namespace). One process serves every --listen ADDRESS:PORT:HOSTNAME:TITLE:
//   GET /             an HTML page naming the UI and the node, with links like YARN's to a core node
//   GET /bytes?n=N    N bytes of payload (for throughput measurements), with back-pressure
//   GET /host         the Host header the request carried (what name the client used)
//   GET /node.json    {"node": HOSTNAME:PORT, "ui": TITLE} with CORS, for pages on other hosts to fetch
// --fetch URL adds a script to every page that fetches URL (another host's /node.json, as YARN's
// pages call NodeManagers) and writes the answer into <pre id="fetched">. GET /?public=URL (only
// http://public.example.test[:PORT]/…) adds <img id="public"> for that URL: a public host on the page.
// Plain node, no dependencies, so a person can run the lab without building the project.
import {createServer} from 'node:http'
import {writeFileSync} from 'node:fs'

const listens = []
let pidFile
let links = []
let fetchUrl
const argv = process.argv.slice(2)
for (let index = 0; index < argv.length; index += 1) {
  const arg = argv[index]
  const value = argv[index + 1]
  if (arg === '--listen' && value) {
    const [address, port, hostname, ...title] = value.split(':')
    listens.push({address, port: Number(port), hostname, title: title.join(':') || `port ${port}`})
    index += 1
  } else if (arg === '--link' && value) {
    links.push(value)
    index += 1
  } else if (arg === '--fetch' && value) {
    fetchUrl = value
    index += 1
  } else if (arg === '--pid-file' && value) {
    pidFile = value
    index += 1
  } else {
    process.stderr.write(`web-ui: unknown argument ${arg}\n`)
    process.exit(2)
  }
}
if (listens.length === 0) {
  process.stderr.write('usage: web-ui.mjs --listen ADDRESS:PORT:HOSTNAME:TITLE … [--link URL …] [--pid-file FILE]\n')
  process.exit(2)
}

const CHUNK = Buffer.alloc(1024 * 1024, 0x61)
const MAX_BYTES = 64 * 1024 ** 3

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
const PUBLIC_URL = /^http:\/\/public\.example\.test(:\d{1,5})?\/[\w./-]*$/

function page(ui, publicUrl) {
  const items = links.map((link) => `<li><a href="${escape(link)}">${escape(link)}</a></li>`).join('')
  const script = fetchUrl
    ? `<p>Fetched from ${escape(fetchUrl)}:</p><pre id="fetched">(pending)</pre>
<script>
fetch(${JSON.stringify(fetchUrl)}).then((r) => r.text()).then((t) => { document.getElementById('fetched').textContent = t })
  .catch((e) => { document.getElementById('fetched').textContent = 'failed: ' + e })
</script>`
    : ''
  const image = publicUrl && PUBLIC_URL.test(publicUrl) ? `<p>Public image: <img id="public" alt="public" src="${escape(publicUrl)}"></p>` : ''
  return `<!doctype html><html><head><title>${escape(ui.title)} on ${escape(ui.hostname)}</title></head><body>
<h1>${escape(ui.title)} (emr-access lab)</h1>
<p>Served by ${escape(ui.hostname)}:${ui.port} (${escape(ui.address)}) inside the lab's VPC namespace.</p>
<ul>${items}</ul>
${script}
${image}
</body></html>
`
}

function sendBytes(response, total) {
  response.writeHead(200, {'content-type': 'application/octet-stream', 'content-length': String(total)})
  let left = total
  const pump = () => {
    while (left > 0) {
      const chunk = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left)
      left -= chunk.length
      if (!response.write(chunk)) {
        response.once('drain', pump)
        return
      }
    }
    response.end()
  }
  pump()
}

const servers = []
for (const ui of listens) {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://lab')
    if (url.pathname === '/bytes') {
      const n = Number(url.searchParams.get('n') ?? '0')
      if (!Number.isSafeInteger(n) || n < 0 || n > MAX_BYTES) {
        response.writeHead(400).end('n must be a byte count\n')
        return
      }
      sendBytes(response, n)
      return
    }
    if (url.pathname === '/host') {
      response.writeHead(200, {'content-type': 'text/plain'}).end(`${request.headers.host ?? ''}\n`)
      return
    }
    if (url.pathname === '/node.json') {
      response.writeHead(200, {'content-type': 'application/json', 'access-control-allow-origin': '*'}).end(`${JSON.stringify({node: `${ui.hostname}:${ui.port}`, ui: ui.title})}\n`)
      return
    }
    const body = page(ui, url.searchParams.get('public') ?? undefined)
    response.writeHead(200, {'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body)}).end(body)
  })
  server.listen(ui.port, ui.address)
  server.on('error', (error) => {
    process.stderr.write(`web-ui: ${ui.address}:${ui.port}: ${error.message}\n`)
    process.exit(1)
  })
  servers.push(server)
}

if (pidFile) writeFileSync(pidFile, `${process.pid}\n`)
const stop = () => {
  for (const server of servers) server.close()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
