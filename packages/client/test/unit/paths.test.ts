import { describe, expect, it } from 'vitest';
import { joinPath, parentOf, pathProblem, validatePath } from '../../src/index';

describe('path validation (PathUtils.validatePath)', () => {
  it.each(['/', '/a', '/a/b', '/a.b/c', '/ünïcode/€'])('accepts %j', (p) => {
    expect(pathProblem(p)).toBeUndefined();
  });

  it.each(['', 'a', '/a/', '//a', '/a//b', '/a/./b', '/a/..', '/a\u0000', '/a\u0001', '/a\u009f', '/a\ud800', '/a\ufff0'])(
    'rejects %j',
    (p) => {
      expect(pathProblem(p)).toBeDefined();
      expect(() => validatePath(p)).toThrow(expect.objectContaining({ name: 'BadArguments' }));
    },
  );

  it('lets a sequential create end with /', () => {
    expect(pathProblem('/queue/', true)).toBeUndefined();
    expect(pathProblem('/queue/', false)).toBeDefined();
  });

  it('joins and splits', () => {
    expect(parentOf('/a/b')).toBe('/a');
    expect(parentOf('/a')).toBe('/');
    expect(joinPath('/', 'a')).toBe('/a');
    expect(joinPath('/a', 'b')).toBe('/a/b');
  });
});
