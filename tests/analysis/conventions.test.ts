import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTestFile, relativePath } from '../../lib/frameworks/conventions';

describe('isTestFile', () => {
  const cwd = path.join(path.sep, 'home', 'ci', 'tests', 'billing');
  it('judges the path relative to the working directory, so a project checked out under tests/ is not all tests', () => {
    expect(isTestFile(path.join(cwd, 'src', 'db.ts'), cwd)).toBe(false);
    expect(isTestFile(path.join(cwd, 'src', 'db.test.ts'), cwd)).toBe(true);
    expect(isTestFile(path.join(cwd, 'test', 'db.ts'), cwd)).toBe(true);
    expect(isTestFile(path.join(cwd, '__tests__', 'db.ts'), cwd)).toBe(true);
  });

  it('keeps paths outside the working directory, and relative ones, as given', () => {
    expect(relativePath(path.join(path.sep, 'elsewhere', 'tests', 'x.ts'), cwd)).toBe(path.join(path.sep, 'elsewhere', 'tests', 'x.ts'));
    expect(isTestFile(path.join(path.sep, 'elsewhere', 'tests', 'x.ts'), cwd)).toBe(true);
    expect(relativePath('src/x.ts', cwd)).toBe('src/x.ts');
    expect(isTestFile('spec/x.ts', '')).toBe(true);
  });
});
