// Top-level members found without parsing: the same values JSON.parse sees at the top level, never a nested one.
import { describe, expect, it } from 'vitest';
import { ALL_FIXTURES, requestBodyText } from '../../test/fake-providers/index.js';
import { topLevelMembers } from './json-top-level.js';

function values(text: string, names: string[]): Record<string, unknown> | undefined {
  const members = topLevelMembers(text, names);
  if (!members) return undefined;
  return Object.fromEntries([...members].map(([name, span]) => [name, JSON.parse(text.slice(span.start, span.end))]));
}

describe('topLevelMembers', () => {
  it('finds top-level members and never the same keys nested in the values before them', () => {
    const text =
      '{ "messages" : [ {"role":"user","content":"say \\"stream\\": true, {\\"model\\":1} ]"}, {"model":"nested","stream":true} ],' +
      ' "tools":[{"function":{"parameters":{"properties":{"model":{"type":"string"}}}}}], "model" : "gpt-4o", "stream":false , "n":1e3}';
    expect(values(text, ['model', 'stream', 'stream_options'])).toEqual({ model: 'gpt-4o', stream: false });
  });

  it('reads every value kind, and the last of duplicate keys as JSON.parse does', () => {
    const text = '{"a":-1.5e2,"b":null,"c":"\\\\","d":[1,[2,{"e":"]"}]],"e":{"f":"}"},"a":true}';
    expect(values(text, ['a', 'b', 'c', 'd', 'e'])).toEqual({ a: true, b: null, c: '\\', d: [1, [2, { e: ']' }]], e: { f: '}' } });
  });

  it('agrees with JSON.parse on every fixture request body', () => {
    for (const fixture of ALL_FIXTURES) {
      const text = requestBodyText(fixture);
      if (text === undefined || !text.startsWith('{')) continue;
      const parsed = JSON.parse(text) as Record<string, unknown>;
      const names = Object.keys(parsed);
      expect(values(text, [...names, 'absent'])).toEqual(parsed);
    }
  });

  it.each([
    ['an empty object', ' {} ', {}],
    ['an array', '[{"model":"m"}]', undefined],
    ['a cut-off body', '{"model":"m","stream":true', undefined],
    ['a cut-off string', '{"model":"m', undefined],
    ['trailing bytes', '{"model":"m"} x', undefined],
    ['a missing colon', '{"model" "m"}', undefined],
    ['an escaped key (not a wanted one)', '{"mo\\u0064el":"m"}', {}],
  ])('handles %s', (_name, text, expected) => {
    expect(values(text, ['model'])).toEqual(expected);
  });
});
