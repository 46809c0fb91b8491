import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../index';
import { registryFor } from '../../lib/analysis/file';
import { rules } from '../../rules/index';

const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const ruleIds = Object.keys(rules) as (keyof typeof rules)[];

type JsonSchema = { type?: string; description?: string; properties?: Record<string, JsonSchema>; items?: JsonSchema };

/** Every property of an options schema, at any depth, with its path. */
function schemaProperties(schema: JsonSchema, at = ''): Array<[string, JsonSchema]> {
  const found: Array<[string, JsonSchema]> = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    found.push([`${at}${name}`, property], ...schemaProperties(property, `${at}${name}.`));
  }
  if (schema.items) {
    found.push(...schemaProperties(schema.items, `${at}[].`));
  }
  return found;
}

describe('plugin object', () => {
  it('has meta from package.json and the pgbouncer namespace', () => {
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'pgbouncer' });
  });

  it('exposes every rule file under rules/', () => {
    const files = require('node:fs')
      .readdirSync(path.join(root, 'rules'))
      .filter((file: string) => file.endsWith('.ts') && file !== 'index.ts')
      .map((file: string) => file.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(plugin.rules).sort()).toEqual(files);
  });

  it('has named flat presets generated from rule metadata', () => {
    expect(Object.keys(plugin.configs).sort()).toEqual([
      'all',
      'all-type-checked',
      'recommended',
      'recommended-type-checked',
      'transaction-pooling',
      'transaction-pooling-type-checked',
    ]);
    for (const [name, config] of Object.entries(plugin.configs)) {
      expect(config.name).toBe(`pgbouncer/${name}`);
      expect(config.plugins.pgbouncer).toBe(plugin);
      for (const ruleName of Object.keys(config.rules)) {
        expect(ruleIds).toContain(ruleName.replace(/^pgbouncer\//, ''));
      }
    }
    expect(Object.keys(plugin.configs.all.rules)).toHaveLength(ruleIds.length);
  });
});

describe.each(ruleIds)('rule %s', (id) => {
  const rule = rules[id];
  const docs = rule.meta.docs as unknown as { description: string; recommended: boolean; transactionPooling?: boolean; typeAware?: boolean; url: string };

  it('has a doc page, a test file and a docs URL pointing at the page', () => {
    expect(existsSync(path.join(root, 'docs', 'rules', `${id}.md`))).toBe(true);
    expect(existsSync(path.join(root, 'tests', 'rules', `${id}.test.ts`))).toBe(true);
    expect(docs.url).toMatch(new RegExp(`/docs/rules/${id}\\.md$`));
  });

  it('is in exactly the presets its metadata asks for', () => {
    const name = `pgbouncer/${id}`;
    expect(name in plugin.configs.recommended.rules).toBe(docs.recommended);
    expect(name in plugin.configs['transaction-pooling'].rules).toBe(docs.recommended || docs.transactionPooling === true);
    expect(plugin.configs.all.rules[name]).toBe('error');
    expect(plugin.configs['all-type-checked'].rules[name]).toEqual(docs.typeAware ? ['error', { typeAware: true }] : 'error');
  });

  it('describes every option in its schema', () => {
    const schemas = rule.meta.schema as JsonSchema[];
    expect(Array.isArray(schemas)).toBe(true);
    for (const schema of schemas) {
      for (const [where, property] of schemaProperties(schema)) {
        expect(property.description, `${id}: option ${where} has no description`).toBeTruthy();
      }
    }
    if (docs.typeAware) {
      expect(schemas[0].properties?.typeAware?.type).toBe('boolean');
    }
  });

  it('names suggestion messages suggest*', () => {
    for (const messageId of Object.keys(rule.meta.messages)) {
      if (/^suggest/.test(messageId)) {
        expect(rule.meta.hasSuggestions).toBe(true);
      }
    }
  });
});

describe('docs/settings.md', () => {
  it('names only shapes the models define', () => {
    const registry = registryFor(undefined, root);
    const text = readFileSync(path.join(root, 'docs', 'settings.md'), 'utf8');
    const shapes = [...text.matchAll(/`([a-z-]+:[A-Za-z0-9]+)`/g)].map((match) => match[1]).filter((shape) => !/^(lib|library):Name$/.test(shape));
    expect(shapes.length).toBeGreaterThan(20);
    expect(shapes.filter((shape) => registry.shape(shape) === undefined)).toEqual([]);
  });
});

describe('option validation', () => {
  it.each(ruleIds)('%s rejects an unknown option with a schema error naming it', (id) => {
    const linter = new Linter({ configType: 'flat' });
    const takesOptions = (rules[id].meta.schema as unknown[]).length > 0;
    expect(() =>
      linter.verify('x;', [{ plugins: { pgbouncer: plugin as never }, rules: { [`pgbouncer/${id}`]: ['error', { typoOption: true }] } }], 'file.js'),
    ).toThrow(takesOptions ? /should NOT have additional properties\.\s+Unexpected property "typoOption"/ : /should NOT have more than 0 items/);
  });
});
