/** Intrinsic functions evaluated as CloudFormation documents them; what only exists at deploy stays unknown. */
import {describe, expect, it} from 'vitest'
import {member, parseTemplate} from '../../../src/sources/cloudformation/parse.js'
import {TemplateContext, plainOf} from '../../../src/sources/cloudformation/resolve.js'

/** Evaluates `expression` (YAML) as the value of an output, in a template with a few parameters and a mapping. */
function evaluate(expression: string, options: {parameters?: Record<string, string>; region?: string} = {}): unknown {
  const text = `Parameters:
  Env: {Type: String, Default: prod, AllowedValues: [prod, dev]}
  Cidrs: {Type: CommaDelimitedList, Default: "10.0.0.0/24,10.0.1.0/24"}
  NoDefault: {Type: String}
Mappings:
  Sizes:
    prod: {Count: 3}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  HasValue: !Not [!Equals [!Ref NoDefault, ""]]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
Outputs:
  Out:
    Value: ${expression}
`
  const context = new TemplateContext(parseTemplate('t.yaml', text), {parameters: options.parameters ?? {}, region: options.region})
  const value = context.resolve(member(member(member(parseTemplate('t.yaml', text).root, 'Outputs'), 'Out'), 'Value'))
  return value ? plainOf(value) : undefined
}

describe('intrinsic functions', () => {
  it('Fn::Cidr splits a block as the CloudFormation documentation shows', () => {
    expect(evaluate('!Cidr ["192.168.0.0/24", 6, 5]')).toEqual(['192.168.0.0/27', '192.168.0.32/27', '192.168.0.64/27', '192.168.0.96/27', '192.168.0.128/27', '192.168.0.160/27'])
    expect(evaluate('!Select [1, !Cidr [10.0.0.0/16, 2, 8]]')).toBe('10.0.1.0/24')
  })

  it('Fn::Sub with pseudo parameters, variables and a ${!literal}', () => {
    expect(evaluate('!Sub "com.amazonaws.${AWS::Region}.s3"', {region: 'eu-west-1'})).toBe('com.amazonaws.eu-west-1.s3')
    expect(evaluate('!Sub ["${Name}-${Env}", {Name: emr}]')).toBe('emr-prod')
    expect(evaluate('!Sub "${!Literal}"')).toBe('${Literal}')
    expect(evaluate('!Sub "arn:${AWS::Partition}:s3:::x"', {region: 'cn-north-1'})).toBe('arn:aws-cn:s3:::x')
  })

  it('conditions, Fn::If, Fn::FindInMap, Join, Split, Base64', () => {
    expect(evaluate('!If [IsProd, yes, no]')).toBe('yes')
    expect(evaluate('!If [IsProd, yes, no]', {parameters: {Env: 'dev'}})).toBe('no')
    expect(evaluate('!FindInMap [Sizes, !Ref Env, Count]')).toBe(3)
    expect(evaluate('!Join [",", !Ref Cidrs]')).toBe('10.0.0.0/24,10.0.1.0/24')
    expect(evaluate('!Select [1, !Split [",", "a,b,c"]]')).toBe('b')
    expect(evaluate('!Base64 abc')).toBe('YWJj')
    expect(evaluate('[a, !Ref AWS::NoValue, b]')).toEqual(['a', 'b'])
  })

  it('what only exists at deploy is unknown, with its cause', () => {
    expect(evaluate('!Ref AWS::Region')).toEqual({unknownBeforeDeploy: 'AWS::Region (no Region given)'})
    expect(evaluate('!Select [0, !GetAZs ""]', {region: 'us-east-1'})).toEqual({unknownBeforeDeploy: "the account's availability zones (Fn::GetAZs)"})
    expect(evaluate('!ImportValue shared-vpc')).toEqual({unknownBeforeDeploy: 'Fn::ImportValue shared-vpc'})
    expect(evaluate('!Ref NoDefault')).toEqual({unknownBeforeDeploy: 'parameter NoDefault has no Default and no value was given'})
    expect(evaluate('!If [HasValue, a, b]')).toEqual({unknownBeforeDeploy: 'condition HasValue: parameter NoDefault has no Default and no value was given'})
    expect(evaluate('!Sub "${AWS::StackName}-x"')).toEqual({unknownBeforeDeploy: 'AWS::StackName'})
  })

  it('a Transform is refused with what to do instead', () => {
    expect(() => new TemplateContext(parseTemplate('sam.yaml', 'Transform: AWS::Serverless-2016-10-31\nResources:\n  F: {Type: AWS::Serverless::Function}\n'), {parameters: {}})).toThrow(
      /^sam\.yaml:1:12: a template with a Transform is expanded by CloudFormation at deploy: audit the processed template/,
    )
  })

  it('constraints of a given parameter are checked', () => {
    expect(() => evaluate('!Ref Env', {parameters: {Env: 'staging'}})).toThrow(/parameter Env=staging: not one of the AllowedValues \(prod, dev\)/)
  })
})
