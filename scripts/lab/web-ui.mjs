#!/usr/bin/env node
// Stand-in EMR web UIs for the network-namespace lab (scripts/lab/lab-up.sh starts it inside the
// "vpc" namespace). One process serves every --listen ADDRESS:PORT:HOSTNAME:TITLE:
//   GET /             an HTML page naming the UI and the node, with links like YARN's to a core node
//   GET /bytes?n=N    N bytes of payload (for throughput measurements), with back-pressure
//   GET /host         the Host header the request carried (what name the client used)
// Plain node, no dependencies, so a person can run the lab without building the project.
import {createServer} from 'node:http'
import {writeFileSync} from 'node:fs'

const listens = []
let pidFile
let links = []
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

function page(ui) {
  const items = links.map((link) => `<li><a href="${link}">${link}</a></li>`).join('')
  return `<!doctype html><html><head><title>${ui.title} on ${ui.hostname}</title></head><body>
<h1>${ui.title} (emr-access lab)</h1>
<p>Served by ${ui.hostname}:${ui.port} (${ui.address}) inside the lab's VPC namespace.</p>
<ul>${items}</ul>
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
    const body = page(ui)
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
