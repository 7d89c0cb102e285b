/**
 * The plan → model mapping on small plans written in `terraform show -json`'s documented format
 * (planned_values, resource_changes[].change.after_unknown, configuration expressions' references).
 * The real-terraform plans of the reference modules are in terraform-plan.test.ts.
 */
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {buildModel} from '../../../src/sources/terraform-plan/build-model.js'
import {readPlan} from '../../../src/sources/terraform-plan/plan.js'

interface Resource {
  address: string
  values: Record<string, unknown>
  unknown?: Record<string, unknown>
  references?: Record<string, string[]>
  /** Configured attributes without references (constants). */
  constants?: string[]
}

function plan(resources: Resource[], options: {configuration?: boolean} = {}): unknown {
  const parsed = resources.map((resource) => {
    const match = /^([a-z0-9_]+)\.([a-z0-9_]+)(\[.+\])?$/.exec(resource.address)!
    return {resource, type: match[1]!, name: match[2]!, block: `${match[1]}.${match[2]}`}
  })
  const blocks = new Map<string, Record<string, unknown>>()
  for (const {resource, type, name, block} of parsed) {
    const expressions = blocks.get(block) ?? {}
    for (const [key, refs] of Object.entries(resource.references ?? {})) expressions[key] = {references: refs}
    for (const key of [...(resource.constants ?? []), ...Object.keys(resource.values)]) expressions[key] ??= {constant_value: resource.values[key]}
    blocks.set(block, {...expressions, __meta: {type, name}})
  }
  return {
    format_version: '1.2',
    planned_values: {root_module: {resources: parsed.map(({resource, type, name}) => ({address: resource.address, mode: 'managed', type, name, values: resource.values}))}},
    resource_changes: parsed.map(({resource, type, name}) => ({
      address: resource.address,
      mode: 'managed',
      type,
      name,
      change: {actions: ['create'], after: resource.values, after_unknown: {id: true, ...resource.unknown}},
    })),
    ...(options.configuration === false
      ? {}
      : {
          configuration: {
            root_module: {
              resources: [...blocks.entries()].map(([address, {__meta, ...expressions}]) => ({address, mode: 'managed', ...(__meta as object), expressions})),
            },
          },
        }),
  }
}

const vpc: Resource = {address: 'aws_vpc.main', values: {cidr_block: '10.0.0.0/16', enable_dns_support: true, enable_dns_hostnames: true}}
const group = (name: string): Resource => ({
  address: `aws_security_group.${name}`,
  values: {name, description: name},
  unknown: {vpc_id: true, ingress: true, egress: true},
  references: {vpc_id: ['aws_vpc.main.id', 'aws_vpc.main']},
})

describe('references to resources not yet created', () => {
  it('a rule naming its group by reference lands in that group, with a stable stand-in id', () => {
    const rule: Resource = {
      address: 'aws_vpc_security_group_ingress_rule.ssh',
      values: {ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv4: '203.0.113.0/24'},
      unknown: {security_group_id: true},
      references: {security_group_id: ['aws_security_group.bastion.id', 'aws_security_group.bastion']},
    }
    const first = buildModel(readPlan(plan([vpc, group('bastion'), rule]), 'plan.json'))
    const again = buildModel(readPlan(plan([vpc, group('bastion'), rule]), 'plan.json'))
    const bastion = first.data.securityGroups.find((candidate) => candidate.name === 'bastion')!
    expect(bastion.id).toMatch(/^sg-[0-9a-f]{17}$/)
    expect(bastion.id).toBe(again.data.securityGroups.find((candidate) => candidate.name === 'bastion')!.id)
    expect(bastion.vpcId).toBe(first.data.vpcs[0]!.id)
    expect(bastion.ingress).toEqual([
      expect.objectContaining({
        protocol: 'tcp',
        ports: {from: 22, to: 22},
        peer: {kind: 'cidr', cidr: '203.0.113.0/24'},
        origin: expect.objectContaining({location: {file: 'plan.json', address: 'aws_vpc_security_group_ingress_rule.ssh'}}),
      }),
    ])
    expect(first.availability('securityGroups').present).toBe(true)
  })

  it('a group chosen through a local map or each.value stays unknown: the dataset says which attribute', () => {
    const rule: Resource = {
      address: 'aws_vpc_security_group_ingress_rule.peer["tcp"]',
      values: {ip_protocol: 'tcp', from_port: 0, to_port: 65535},
      unknown: {security_group_id: true, referenced_security_group_id: true},
      references: {security_group_id: ['local.groups', 'each.value.group', 'each.value'], referenced_security_group_id: ['aws_security_group.bastion.id', 'aws_security_group.bastion']},
    }
    const model = buildModel(readPlan(plan([vpc, group('bastion'), rule]), 'plan.json'))
    expect(model.availability('securityGroups')).toEqual({
      present: false,
      absence: {cause: 'unknown-before-deploy', detail: 'aws_vpc_security_group_ingress_rule.peer["tcp"].security_group_id'},
      reason: 'unknown before deploy: aws_vpc_security_group_ingress_rule.peer["tcp"].security_group_id',
    })
  })

  it('a reference to a block with several instances and no index is not resolved', () => {
    const many = [
      {...group('x'), address: 'aws_security_group.x[0]'},
      {...group('x'), address: 'aws_security_group.x[1]'},
    ]
    const rule: Resource = {
      address: 'aws_vpc_security_group_ingress_rule.r',
      values: {ip_protocol: '-1', cidr_ipv4: '10.0.0.0/8'},
      unknown: {security_group_id: true},
      references: {security_group_id: ['aws_security_group.x']},
    }
    const model = buildModel(readPlan(plan([vpc, ...many, rule]), 'plan.json'))
    expect(model.availability('securityGroups').reason).toBe('unknown before deploy: aws_vpc_security_group_ingress_rule.r.security_group_id')
  })

  it('an indexed reference is', () => {
    const many = [
      {...group('x'), address: 'aws_security_group.x[0]'},
      {...group('x'), address: 'aws_security_group.x[1]', values: {name: 'x1'}},
    ]
    const rule: Resource = {
      address: 'aws_vpc_security_group_ingress_rule.r',
      values: {ip_protocol: '-1', cidr_ipv4: '10.0.0.0/8'},
      unknown: {security_group_id: true},
      references: {security_group_id: ['aws_security_group.x[1].id', 'aws_security_group.x[1]', 'aws_security_group.x']},
    }
    const model = buildModel(readPlan(plan([vpc, ...many, rule]), 'plan.json'))
    expect(model.data.securityGroups.find((candidate) => candidate.name === 'x1')!.ingress).toHaveLength(1)
    expect(model.availability('securityGroups').present).toBe(true)
  })

  it('ids a plan knows (resources that exist) are used as they are', () => {
    const rule: Resource = {
      address: 'aws_security_group_rule.ssh',
      values: {type: 'ingress', security_group_id: 'sg-0123456789abcdef0', protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['0.0.0.0/0']},
    }
    const existing: Resource = {address: 'aws_security_group.old', values: {id: 'sg-0123456789abcdef0', name: 'old', vpc_id: 'vpc-0123456789abcdef0', ingress: [], egress: []}}
    const model = buildModel(readPlan(plan([existing, rule]), 'plan.json'))
    expect(model.securityGroups.get('sg-0123456789abcdef0')!.ingress.map((entry) => entry.peer)).toEqual([{kind: 'cidr', cidr: '0.0.0.0/0'}])
  })
})

describe('values only apply can tell', () => {
  it('an Amazon-provided IPv6 block is unknown before deploy, not silently absent', () => {
    const dualStack: Resource = {...vpc, values: {...vpc.values, assign_generated_ipv6_cidr_block: true}, unknown: {ipv6_cidr_block: true}}
    const model = buildModel(readPlan(plan([dualStack]), 'plan.json'))
    expect(model.availability('vpcs')).toMatchObject({present: false, absence: {cause: 'unknown-before-deploy'}, reason: 'unknown before deploy: aws_vpc.main.ipv6_cidr_block'})
    expect(buildModel(readPlan(plan([vpc]), 'plan.json')).availability('vpcs').present).toBe(true)
  })

  it('a transit gateway attachment names its VPC and subnets by reference', () => {
    const subnet: Resource = {address: 'aws_subnet.a', values: {cidr_block: '10.0.1.0/24', availability_zone: 'us-east-1a'}, unknown: {vpc_id: true}, references: {vpc_id: ['aws_vpc.main.id']}}
    const attachment: Resource = {
      address: 'aws_ec2_transit_gateway_vpc_attachment.a',
      values: {transit_gateway_id: 'tgw-0123456789abcdef0'},
      unknown: {vpc_id: true, subnet_ids: true},
      references: {vpc_id: ['aws_vpc.main.id', 'aws_vpc.main'], subnet_ids: ['aws_subnet.a.id', 'aws_subnet.a']},
    }
    const model = buildModel(readPlan(plan([vpc, subnet, attachment]), 'plan.json'))
    expect(model.data.transitGatewayVpcAttachments.map((entry) => [entry.transitGatewayId, entry.vpcId, entry.subnetIds])).toEqual([
      ['tgw-0123456789abcdef0', model.data.vpcs[0]!.id, [model.data.subnets[0]!.id]],
    ])
  })
})

describe('what AWS adds by itself', () => {
  it('a new VPC has a main route table with the local route, a default NACL allowing all, and the default DHCP options', () => {
    const subnet: Resource = {
      address: 'aws_subnet.a',
      values: {cidr_block: '10.0.1.0/24', availability_zone: 'eu-west-1a', map_public_ip_on_launch: false},
      unknown: {vpc_id: true},
      references: {vpc_id: ['aws_vpc.main.id']},
    }
    const model = buildModel(readPlan(plan([vpc, subnet]), 'plan.json'))
    const subnetId = model.data.subnets[0]!.id
    expect(model.effectiveRouteTable(subnetId)!.routes).toEqual([expect.objectContaining({destinationCidr: '10.0.0.0/16', target: {kind: 'local', id: 'local'}})])
    const acl = model.effectiveNetworkAcl(subnetId)!
    expect(acl.isDefault).toBe(true)
    expect(acl.entries.filter((entry) => !entry.egress).map((entry) => [entry.ruleNumber, entry.action])).toEqual([
      [100, 'allow'],
      [32767, 'deny'],
    ])
    expect(model.dhcpOptions.get(model.data.vpcs[0]!.dhcpOptionsId!)!.configurations).toEqual({'domain-name': ['eu-west-1.compute.internal'], 'domain-name-servers': ['AmazonProvidedDNS']})
  })

  it('a route through a reference to a VPN gateway is a VGW route, through an internet gateway an IGW route', () => {
    const table: Resource = {address: 'aws_route_table.t', values: {}, unknown: {vpc_id: true, route: true, propagating_vgws: true}, references: {vpc_id: ['aws_vpc.main.id']}}
    const igw: Resource = {address: 'aws_internet_gateway.igw', values: {}, unknown: {vpc_id: true}, references: {vpc_id: ['aws_vpc.main.id']}}
    const vgw: Resource = {address: 'aws_vpn_gateway.vgw', values: {amazon_side_asn: '64512'}, unknown: {vpc_id: true}, references: {vpc_id: ['aws_vpc.main.id']}}
    const toIgw: Resource = {
      address: 'aws_route.world',
      values: {destination_cidr_block: '0.0.0.0/0'},
      unknown: {gateway_id: true, route_table_id: true},
      references: {gateway_id: ['aws_internet_gateway.igw.id'], route_table_id: ['aws_route_table.t.id']},
    }
    const toVgw: Resource = {
      address: 'aws_route.onprem',
      values: {destination_cidr_block: '192.168.0.0/16'},
      unknown: {gateway_id: true, route_table_id: true},
      references: {gateway_id: ['aws_vpn_gateway.vgw.id'], route_table_id: ['aws_route_table.t.id']},
    }
    const model = buildModel(readPlan(plan([vpc, table, igw, vgw, toIgw, toVgw]), 'plan.json'))
    const routes = model.data.routeTables.find((candidate) => candidate.origin?.location?.address === 'aws_route_table.t')!.routes
    expect(routes.map((route) => [route.destinationCidr, route.target.kind])).toEqual([
      ['10.0.0.0/16', 'local'],
      ['0.0.0.0/0', 'internet-gateway'],
      ['192.168.0.0/16', 'vpn-gateway'],
    ])
    expect(model.data.vpnGateways[0]!.amazonSideAsn).toBe(64512)
  })
})

describe('aws_default_* resources take over the VPC defaults', () => {
  it('the default security group loses its rules, the default network ACL gets the given ones, the main route table its routes', () => {
    const subnet: Resource = {address: 'aws_subnet.a', values: {cidr_block: '10.0.1.0/24', availability_zone: 'us-east-1a'}, unknown: {vpc_id: true}, references: {vpc_id: ['aws_vpc.main.id']}}
    const defaultGroup: Resource = {address: 'aws_default_security_group.d', values: {ingress: [], egress: []}, unknown: {vpc_id: true}, references: {vpc_id: ['aws_vpc.main.id', 'aws_vpc.main']}}
    const defaultAcl: Resource = {
      address: 'aws_default_network_acl.d',
      values: {ingress: [{rule_no: 100, action: 'allow', protocol: '6', cidr_block: '10.0.0.0/16', from_port: 22, to_port: 22}], egress: []},
      unknown: {default_network_acl_id: true},
      references: {default_network_acl_id: ['aws_vpc.main.default_network_acl_id', 'aws_vpc.main']},
    }
    const defaultTable: Resource = {
      address: 'aws_default_route_table.d',
      values: {route: [{cidr_block: '0.0.0.0/0', nat_gateway_id: 'nat-0123456789abcdef0'}], propagating_vgws: []},
      unknown: {default_route_table_id: true},
      references: {default_route_table_id: ['aws_vpc.main.default_route_table_id', 'aws_vpc.main']},
    }
    const model = buildModel(readPlan(plan([vpc, subnet, defaultGroup, defaultAcl, defaultTable]), 'plan.json'))
    const group = model.data.securityGroups.find((candidate) => candidate.name === 'default')!
    expect([group.ingress, group.egress]).toEqual([[], []])
    expect(group.origin?.location?.address).toBe('aws_default_security_group.d')
    const subnetId = model.data.subnets[0]!.id
    const acl = model.effectiveNetworkAcl(subnetId)!
    expect(acl.entries.map((entry) => [entry.egress, entry.ruleNumber, entry.action, entry.ports])).toEqual([
      [false, 100, 'allow', {from: 22, to: 22}],
      [false, 32767, 'deny', undefined],
      [true, 32767, 'deny', undefined],
    ])
    const table = model.effectiveRouteTable(subnetId)!
    expect(table.routes.map((route) => [route.destinationCidr, route.target.kind, route.target.id])).toEqual([
      ['10.0.0.0/16', 'local', 'local'],
      ['0.0.0.0/0', 'nat-gateway', 'nat-0123456789abcdef0'],
    ])
  })
})

describe('bad values: one line with the file and the JSON pointer', () => {
  it('a network ACL rule number used twice in one direction', () => {
    const acl: Resource = {address: 'aws_network_acl.a', values: {}, unknown: {vpc_id: true, ingress: true, egress: true, subnet_ids: true}, references: {vpc_id: ['aws_vpc.main.id']}}
    const rule = (name: string): Resource => ({
      address: `aws_network_acl_rule.${name}`,
      values: {rule_number: 100, egress: false, protocol: '-1', rule_action: 'allow', cidr_block: '0.0.0.0/0'},
      unknown: {network_acl_id: true},
      references: {network_acl_id: ['aws_network_acl.a.id']},
    })
    expect(() => buildModel(readPlan(plan([vpc, acl, rule('one'), rule('two')]), 'plan.json'))).toThrow(
      /^plan\.json at \/planned_values\/root_module\/resources\/3\/values: rule number 100 appears twice among the ingress rules of aws_network_acl\.a/,
    )
  })

  it('a port range upside down', () => {
    const rule: Resource = {
      address: 'aws_security_group_rule.r',
      values: {type: 'ingress', security_group_id: 'sg-0123456789abcdef0', protocol: 'tcp', from_port: 30, to_port: 20, cidr_blocks: ['10.0.0.0/8']},
    }
    const existing: Resource = {address: 'aws_security_group.old', values: {id: 'sg-0123456789abcdef0', name: 'old', ingress: [], egress: []}}
    expect(() => buildModel(readPlan(plan([existing, rule]), 'plan.json'))).toThrow(
      /^plan\.json at \/planned_values\/root_module\/resources\/1\/values\/from_port: expected a port range within 0-65535, got 30-20$/,
    )
  })
})

describe('what a plan must say is refused when missing, never read as "not set"', () => {
  const bastion = group('bastion')
  const sshRule = (values: Record<string, unknown>, unknown: Record<string, unknown>): Resource => ({
    address: 'aws_vpc_security_group_ingress_rule.ssh',
    values: {ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv4: '0.0.0.0/0', ...values},
    unknown,
    references: {security_group_id: ['aws_security_group.bastion.id', 'aws_security_group.bastion']},
  })

  it("a rule's security_group_id neither planned nor unknown until apply", () => {
    expect(() => buildModel(readPlan(plan([vpc, bastion, sshRule({}, {})]), 'plan.json'))).toThrow(
      /^plan\.json at \/planned_values\/root_module\/resources\/2\/values\/security_group_id: aws_vpc_security_group_ingress_rule\.ssh\.security_group_id is required/,
    )
    // The same rule with the group unknown until apply lands in it.
    const model = buildModel(readPlan(plan([vpc, bastion, sshRule({}, {security_group_id: true})]), 'plan.json'))
    expect(model.data.securityGroups.find((candidate) => candidate.name === 'bastion')!.ingress).toHaveLength(1)
  })

  it('a security group rule resource with no peer, or two', () => {
    expect(() => buildModel(readPlan(plan([vpc, bastion, sshRule({cidr_ipv4: null}, {security_group_id: true})]), 'plan.json'))).toThrow(
      /^plan\.json at \/planned_values\/root_module\/resources\/2\/values\/cidr_ipv4: aws_vpc_security_group_ingress_rule\.ssh: expected exactly one of cidr_ipv4, cidr_ipv6, prefix_list_id and referenced_security_group_id, got none$/,
    )
    expect(() => buildModel(readPlan(plan([vpc, bastion, sshRule({cidr_ipv6: '::/0'}, {security_group_id: true})]), 'plan.json'))).toThrow(/got 2$/)
    // A peer known only after apply is one.
    const fromList = sshRule({cidr_ipv4: null}, {security_group_id: true, prefix_list_id: true})
    fromList.references = {...fromList.references, prefix_list_id: ['aws_ec2_managed_prefix_list.admins.id', 'aws_ec2_managed_prefix_list.admins']}
    const model = buildModel(readPlan(plan([vpc, bastion, fromList]), 'plan.json'))
    expect(model.availability('securityGroups')).toMatchObject({present: false, absence: {detail: 'aws_vpc_security_group_ingress_rule.ssh.prefix_list_id'}})
  })

  it("an aws_security_group_rule's type or protocol missing", () => {
    const legacy = (values: Record<string, unknown>): Resource => ({
      address: 'aws_security_group_rule.r',
      values: {type: 'ingress', security_group_id: 'sg-0123456789abcdef0', protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['10.0.0.0/8'], ...values},
    })
    const existing: Resource = {address: 'aws_security_group.old', values: {id: 'sg-0123456789abcdef0', name: 'old', ingress: [], egress: []}}
    expect(() => buildModel(readPlan(plan([existing, legacy({type: null})]), 'plan.json'))).toThrow(/^plan\.json at \/planned_values\/root_module\/resources\/1\/values\/type: .*type is required/)
    expect(() => buildModel(readPlan(plan([existing, legacy({protocol: null})]), 'plan.json'))).toThrow(
      /^plan\.json at \/planned_values\/root_module\/resources\/1\/values\/protocol: .*protocol is required/,
    )
  })

  it('a deposed object of the same address (create_before_destroy) does not hide what the planned one leaves unknown', () => {
    const document = plan([vpc, bastion, sshRule({}, {security_group_id: true})]) as {resource_changes: {address: string}[]}
    document.resource_changes.push({
      address: 'aws_vpc_security_group_ingress_rule.ssh',
      deposed: '00000001',
      change: {actions: ['delete'], before: {}, after: null, after_unknown: {}},
    } as {address: string})
    const model = buildModel(readPlan(document, 'plan.json'))
    expect(model.data.securityGroups.find((candidate) => candidate.name === 'bastion')!.ingress).toHaveLength(1)
  })

  it('a rule resource with a protocol EC2 does not know', () => {
    expect(() => buildModel(readPlan(plan([vpc, bastion, sshRule({ip_protocol: 'banana'}, {security_group_id: true})]), 'plan.json'))).toThrow(
      /^plan\.json at \/planned_values\/root_module\/resources\/2\/values\/ip_protocol: expected an IP protocol: .*, got "banana"$/,
    )
    for (const protocol of ['TCP', '6', '-1', 'icmpv6'])
      expect(() => buildModel(readPlan(plan([vpc, bastion, sshRule({ip_protocol: protocol}, {security_group_id: true})]), 'plan.json'))).not.toThrow()
  })

  it('a resource planned twice', () => {
    const document = plan([vpc, bastion]) as {planned_values: {root_module: {resources: unknown[]}}}
    document.planned_values.root_module.resources.push(document.planned_values.root_module.resources[1])
    expect(() => readPlan(document, 'plan.json')).toThrow(
      /^plan\.json at \/planned_values\/root_module\/resources\/2: aws_security_group\.bastion is planned twice \(also at \/planned_values\/root_module\/resources\/1\)$/,
    )
  })

  it('inline rules given as something else than a list of blocks', () => {
    const inline: Resource = {...bastion, values: {...bastion.values, ingress: {protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['0.0.0.0/0']}}, unknown: {vpc_id: true, egress: true}}
    expect(() => buildModel(readPlan(plan([vpc, inline]), 'plan.json'))).toThrow(
      /^plan\.json at \/planned_values\/root_module\/resources\/1\/values\/ingress: expected an array of "ingress" blocks, got \{/,
    )
  })
})

describe('a network ACL entry has exactly one of cidr_block and ipv6_cidr_block', () => {
  const acl: Resource = {address: 'aws_network_acl.a', values: {}, unknown: {vpc_id: true, ingress: true, egress: true, subnet_ids: true}, references: {vpc_id: ['aws_vpc.main.id']}}
  const rule = (values: Record<string, unknown>, unknown: Record<string, unknown> = {}): Resource => ({
    address: 'aws_network_acl_rule.r',
    values: {rule_number: 100, egress: false, protocol: '-1', rule_action: 'allow', cidr_block: null, ipv6_cidr_block: null, ...values},
    unknown: {network_acl_id: true, ...unknown},
    references: {network_acl_id: ['aws_network_acl.a.id'], cidr_block: ['aws_vpc.main.cidr_block', 'aws_vpc.main']},
  })
  const entries = (model: ReturnType<typeof buildModel>) =>
    model.data.networkAcls
      .find((candidate) => !candidate.isDefault)!
      .entries.filter((entry) => entry.ruleNumber === 100)
      .map((entry) => [entry.cidr, entry.ipv6Cidr])

  it('neither is refused: the entry would match no address', () => {
    expect(() => buildModel(readPlan(plan([vpc, acl, rule({})]), 'plan.json'))).toThrow(
      /^plan\.json at \/planned_values\/root_module\/resources\/2\/values\/cidr_block: aws_network_acl_rule\.r: expected exactly one of cidr_block and ipv6_cidr_block, got neither$/,
    )
  })

  it('both are refused', () => {
    expect(() => buildModel(readPlan(plan([vpc, acl, rule({cidr_block: '10.0.0.0/8', ipv6_cidr_block: '::/0'})]), 'plan.json'))).toThrow(/got both$/)
  })

  it('an IPv6 block alone is an IPv6 entry', () => {
    expect(entries(buildModel(readPlan(plan([vpc, acl, rule({ipv6_cidr_block: '2001:db8::/32'})]), 'plan.json')))).toEqual([[undefined, '2001:db8::/32']])
  })

  it('a block known only after apply is unknown, not an error', () => {
    const model = buildModel(readPlan(plan([vpc, acl, rule({}, {cidr_block: true})]), 'plan.json'))
    expect(model.availability('networkAcls')).toMatchObject({present: false, absence: {cause: 'unknown-before-deploy', detail: 'aws_network_acl_rule.r.cidr_block'}})
  })

  it('an inline entry with neither is refused too', () => {
    const inline: Resource = {
      ...acl,
      values: {ingress: [{rule_no: 100, action: 'allow', protocol: '-1', from_port: 0, to_port: 0, cidr_block: '', ipv6_cidr_block: ''}], egress: []},
      unknown: {vpc_id: true, subnet_ids: true},
    }
    expect(() => buildModel(readPlan(plan([vpc, inline]), 'plan.json'))).toThrow(
      /^plan\.json at \/planned_values\/root_module\/resources\/1\/values\/ingress\/0\/cidr_block: aws_network_acl\.a: expected exactly one/,
    )
  })
})

describe('a cluster the plan creates: its managed groups as EMR leaves them at launch', () => {
  type Fixture = {
    planned_values: {root_module: {resources: {address: string; type: string}[]}}
    resource_changes: {address: string; type: string}[]
    configuration: {root_module: {resources: {address: string; type: string; expressions: Record<string, unknown>}[]}}
  }
  const fixture = (): Fixture => JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/terraform-plan/private-bastion.json', import.meta.url)), 'utf8')) as Fixture
  const address = (model: ReturnType<typeof buildModel>, resource: string): string | undefined => model.data.securityGroups.find((candidate) => candidate.origin?.location?.address === resource)?.id

  it('an inbound rule the plan leaves out of a managed group is added by EMR (here TCP 9443 into the service access group)', () => {
    const json = fixture()
    const dropped = 'aws_vpc_security_group_ingress_rule.service_access_9443_from_primary'
    json.planned_values.root_module.resources = json.planned_values.root_module.resources.filter((resource) => resource.address !== dropped)
    json.resource_changes = json.resource_changes.filter((resource) => resource.address !== dropped)
    json.configuration.root_module.resources = json.configuration.root_module.resources.filter((resource) => resource.address !== dropped)
    const model = buildModel(readPlan(json, 'plan.json'))
    const serviceAccess = model.securityGroups.get(address(model, 'aws_security_group.service_access')!)!
    expect(serviceAccess.ingress).toEqual([
      expect.objectContaining({
        protocol: 'tcp',
        ports: {from: 9443, to: 9443},
        peer: {kind: 'security-group', groupId: address(model, 'aws_security_group.primary')},
        description: 'added by EMR when it launches the cluster',
      }),
    ])
  })

  it('no managed group named: the nodes carry EMR default groups, unknown before deploy', () => {
    const json = fixture()
    const cluster = json.configuration.root_module.resources.find((resource) => resource.type === 'aws_emr_cluster')!
    const attributes = (cluster.expressions.ec2_attributes as Record<string, unknown>[])[0]!
    for (const key of ['emr_managed_master_security_group', 'emr_managed_slave_security_group', 'service_access_security_group']) delete attributes[key]
    const model = buildModel(readPlan(json, 'plan.json'))
    const emr = model.data.clusters[0]!
    const primaryNode = model.data.instances.find((instance) => instance.id === emr.primaryInstances[0]!.ec2InstanceId)!
    expect(primaryNode.enis[0]!.groupIds).toEqual([emr.managedPrimarySecurityGroupId, address(model, 'aws_security_group.primary_ssh_from_bastion')])
    expect(model.securityGroups.has(emr.managedPrimarySecurityGroupId!)).toBe(false)
    expect(model.availability('securityGroups', emr.managedPrimarySecurityGroupId).reason).toMatch(
      /^unknown before deploy: the default EMR-managed primary group EMR uses for aws_emr_cluster\.this\[0\]/,
    )
    expect(model.availability('securityGroups', emr.serviceAccessSecurityGroupId).reason).toMatch(/the default service access group/)
  })
})
