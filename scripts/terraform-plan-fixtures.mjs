#!/usr/bin/env node
/**
 * Regenerates test/fixtures/terraform-plan/*.json: `terraform show -json` of a real `terraform plan` of each
 * reference module in templates/terraform/, and of single mutations of them (each a text edit of main.tf).
 *
 * Offline: the AWS provider comes from a local plugin directory (TF_PLUGIN_DIR, default /opt/tf-plugins) and
 * the plan's few AWS calls (data sources: availability zones, the AMI's SSM parameter, the caller identity) go
 * to a moto_server started here on 127.0.0.1, with fake credentials. Nothing is sent anywhere else.
 *
 *   node scripts/terraform-plan-fixtures.mjs            # all topologies
 *   node scripts/terraform-plan-fixtures.mjs vpn        # one (public, private-bastion, vpn, module)
 */
import {spawn, spawnSync} from 'node:child_process'
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const TEMPLATES = join(ROOT, 'templates/terraform')
const OUT = join(ROOT, 'test/fixtures/terraform-plan')
const PLUGIN_DIR = process.env.TF_PLUGIN_DIR ?? '/opt/tf-plugins'

const ADMIN_CIDR = '203.0.113.0/24'
const ONPREM_CIDR = '192.168.10.0/24'

/** Removes one `resource "type" "name" { … }` block (it ends at the first line that is a lone `}`). */
const dropResource = (type, name) => ({find: new RegExp(`\\n(#[^\\n]*\\n)*resource "${type}" "${name}" \\{[\\s\\S]*?\\n\\}\\n`), replace: '\n'})
/** Removes a line (e.g. a `depends_on` entry naming a dropped resource). */
const dropLine = (text) => ({find: new RegExp(`\\n[^\\n]*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\n]*`), replace: ''})

/**
 * Per topology: the variables, and the mutations (name → edits of main.tf). Every edit must match, so a
 * template change that makes a mutation meaningless fails here instead of producing a clean "mutant".
 */
const TOPOLOGIES = {
  public: {
    vars: {admin_cidr: ADMIN_CIDR, key_name: 'emr-access', create_cluster: 'true'},
    mutations: {
      'ssh-world': [{find: /(resource "aws_vpc_security_group_ingress_rule" "primary_ssh_from_admin" \{[\s\S]*?cidr_ipv4\s*=\s*)var\.admin_cidr/, replace: '$1"0.0.0.0/0"'}],
      'no-igw-route': [dropResource('aws_route', 'public_default'), dropLine('aws_route.public_default,')],
      'nacl-return': [{find: /(public_in_tcp_return\s*=\s*\{[^}]*from = )1024(, to = )65535/, replace: '$11024$21024'}],
    },
  },
  'private-bastion': {
    vars: {admin_cidr: ADMIN_CIDR, key_name: 'emr-access', create_cluster: 'true'},
    mutations: {
      'ssh-world': [{find: /(resource "aws_vpc_security_group_ingress_rule" "bastion_ssh_from_admin" \{[\s\S]*?cidr_ipv4\s*=\s*)var\.admin_cidr/, replace: '$1"0.0.0.0/0"'}],
      'no-nat-route': [dropResource('aws_route', 'private_default'), dropLine('aws_route.private_default,')],
      // An egress rule: EMR re-adds missing inbound rules of its managed groups when it launches the cluster, not egress.
      'no-service-access-rule': [dropResource('aws_vpc_security_group_egress_rule', 'service_access_8443_to_primary')],
      'nacl-return': [{find: /(private_in_tcp_return\s*=\s*\{[^}]*from = )1024(, to = )65535/, replace: '$11024$21024'}],
    },
  },
  vpn: {
    vars: {onprem_cidr: ONPREM_CIDR, customer_gateway_ip: '198.51.100.10', key_name: 'emr-access', create_cluster: 'true'},
    mutations: {
      'ssh-world': [{find: /(resource "aws_vpc_security_group_ingress_rule" "primary_from_onprem" \{[\s\S]*?cidr_ipv4\s*=\s*)var\.onprem_cidr/, replace: '$1"0.0.0.0/0"'}],
      'vgw-detached': [
        dropResource('aws_vpn_gateway_attachment', 'this'),
        dropLine('depends_on             = [aws_vpn_gateway_attachment.this]'),
        dropLine('depends_on     = [aws_vpn_gateway_attachment.this]'),
      ],
      // An egress rule: EMR re-adds missing inbound rules of its managed groups when it launches the cluster, not egress.
      'no-service-access-rule': [dropResource('aws_vpc_security_group_egress_rule', 'service_access_8443_to_primary')],
      'nacl-return': [{find: /(private_in_tcp_high\s*=\s*\{[^}]*from = )1024(, to = )65535/, replace: '$11024$21024'}],
    },
  },
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address()
      server.close(() => resolve(port))
    })
  })
}

async function startMoto() {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')))
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {stdio: 'ignore', env})
  for (let attempt = 0; attempt < 120; attempt++) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`)
    try {
      if ((await fetch(`${url}/moto-api/reset`, {method: 'POST'})).ok) return {url, stop: () => child.kill('SIGTERM')}
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  child.kill('SIGTERM')
  throw new Error('moto_server did not start within 30 s')
}

function terraform(dir, args, env) {
  const result = spawnSync('terraform', args, {cwd: dir, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024})
  if (result.error) throw result.error
  if (result.status !== 0) throw new Error(`terraform ${args.join(' ')} in ${dir} failed:\n${result.stderr}${result.stdout}`)
  return result.stdout
}

function mutate(text, edits, label) {
  let result = text
  for (const edit of edits) {
    if (!edit.find.test(result)) throw new Error(`${label}: the edit ${edit.find} matches nothing in main.tf`)
    result = result.replace(edit.find, edit.replace)
  }
  return result
}

async function main() {
  const only = process.argv.slice(2)
  const moto = await startMoto()
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'fixture',
    AWS_SECRET_ACCESS_KEY: 'fixture',
    AWS_ENDPOINT_URL: moto.url,
    AWS_EC2_METADATA_DISABLED: 'true',
    TF_IN_AUTOMATION: '1',
    TF_CLI_CONFIG_FILE: '/dev/null',
    CHECKPOINT_DISABLE: '1',
  }
  delete env.AWS_PROFILE
  try {
    for (const [topology, spec] of Object.entries(TOPOLOGIES)) {
      if (only.length > 0 && !only.includes(topology)) continue
      const dir = mkdtempSync(join(tmpdir(), `tfplan-${topology}-`))
      try {
        for (const file of readdirSync(join(TEMPLATES, topology))) if (file.endsWith('.tf')) copyFileSync(join(TEMPLATES, topology, file), join(dir, file))
        const original = readFileSync(join(dir, 'main.tf'), 'utf8')
        terraform(dir, ['init', '-backend=false', `-plugin-dir=${PLUGIN_DIR}`, '-input=false', '-no-color'], env)
        const vars = Object.entries(spec.vars).flatMap(([key, value]) => ['-var', `${key}=${value}`])
        for (const [variant, edits] of [['', []], ...Object.entries(spec.mutations)]) {
          const label = variant ? `${topology}--${variant}` : topology
          writeFileSync(join(dir, 'main.tf'), mutate(original, edits, label))
          terraform(dir, ['plan', '-input=false', '-no-color', '-lock=false', '-out=plan.out', ...vars], env)
          const plan = JSON.parse(terraform(dir, ['show', '-json', '-no-color', 'plan.out'], env))
          // The timestamp changes on every run; nothing else in the plan depends on when it was made.
          delete plan.timestamp
          writeFileSync(join(OUT, `${label}.json`), `${JSON.stringify(plan)}\n`)
          process.stderr.write(`wrote ${label}.json\n`)
        }
      } finally {
        rmSync(dir, {recursive: true, force: true})
      }
    }
    if (only.length === 0 || only.includes('module')) planAsModule(env)
  } finally {
    moto.stop()
  }
}

/**
 * module--public-ssh-world.json: the public module (with SSH opened to the world) called as `module "net"`
 * from a root module, so addresses are `module.net.…` and the .tf files are in ./net next to the plan.
 */
function planAsModule(env) {
  const dir = mkdtempSync(join(tmpdir(), 'tfplan-module-'))
  try {
    mkdirSync(join(dir, 'net'))
    for (const file of readdirSync(join(TEMPLATES, 'public'))) if (file.endsWith('.tf')) copyFileSync(join(TEMPLATES, 'public', file), join(dir, 'net', file))
    const main = readFileSync(join(dir, 'net', 'main.tf'), 'utf8')
    writeFileSync(join(dir, 'net', 'main.tf'), mutate(main, TOPOLOGIES.public.mutations['ssh-world'], 'module--public-ssh-world'))
    writeFileSync(
      join(dir, 'main.tf'),
      ['module "net" {', '  source         = "./net"', `  admin_cidr     = "${ADMIN_CIDR}"`, '  key_name       = "emr-access"', '  create_cluster = true', '}', ''].join('\n'),
    )
    terraform(dir, ['init', '-backend=false', `-plugin-dir=${PLUGIN_DIR}`, '-input=false', '-no-color'], env)
    terraform(dir, ['plan', '-input=false', '-no-color', '-lock=false', '-out=plan.out'], env)
    const plan = JSON.parse(terraform(dir, ['show', '-json', '-no-color', 'plan.out'], env))
    delete plan.timestamp
    writeFileSync(join(OUT, 'module--public-ssh-world.json'), `${JSON.stringify(plan)}\n`)
    process.stderr.write('wrote module--public-ssh-world.json\n')
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

await main()
