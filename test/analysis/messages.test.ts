import {execFileSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {fillTemplate, MissingMessageData, sarifTemplate, shellWord, templateParameters} from '../../src/analysis/messages.js'

describe('message templates', () => {
  it('fills named parameters; a missing one is a bug in the rule (messages) or a <placeholder> (remediation)', () => {
    expect(fillTemplate('{{groupId}} allows {{port}} from {{cidr}}', {groupId: 'sg-1', port: 22, cidr: '0.0.0.0/0'})).toBe('sg-1 allows 22 from 0.0.0.0/0')
    expect(() => fillTemplate('{{groupId}} and {{cidr}}', {groupId: 'sg-1'})).toThrow(MissingMessageData)
    expect(fillTemplate('--cidr {{adminCidr}}', {}, 'placeholder')).toBe('--cidr <adminCidr>')
  })

  it('keeps a value on one line, so data cannot add lines to a snippet', () => {
    expect(fillTemplate('name: {{name}}', {name: 'a\nrm -rf /\r\nb'})).toBe('name: a rm -rf / b')
  })

  it('gives SARIF positional parameters in first-appearance order, with literal braces doubled', () => {
    expect(templateParameters('{{b}} {{a}} {{b}}')).toEqual(['b', 'a'])
    expect(sarifTemplate('{{b}} then {{a}} in {json} and {{b}}')).toEqual({text: '{0} then {1} in {{json}} and {0}', parameters: ['b', 'a']})
  })
})

describe('shellWord: values from the data stay one argument in a copied command', () => {
  const hostile = ['sg-0abc', '0.0.0.0/0', 'web $(touch /tmp/pwned) `id`', "it's; rm -rf ~", '"quoted" & | > <', '--dry-run']
  for (const value of hostile) {
    it(JSON.stringify(value), () => {
      // The real shell parses the command: the value comes back as exactly one argument, unexpanded.
      const out = execFileSync('/bin/sh', ['-c', `printf '%s\\n' ${shellWord(value)} | wc -l; printf '%s' ${shellWord(value)}`], {encoding: 'utf8'})
      const [lines, ...rest] = out.split('\n')
      expect(lines!.trim()).toBe('1')
      expect(rest.join('\n')).toBe(value)
    })
  }
  it('leaves ids, CIDRs and ports unquoted', () => {
    expect(shellWord('sg-0123abcd')).toBe('sg-0123abcd')
    expect(shellWord('10.0.0.0/16')).toBe('10.0.0.0/16')
  })
})
