import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { nearestUp } from './package-name';

/** Directory → the configuration file the nearest `.sequelizerc` at or above it names (null: none). */
const configs = new Map<string, string | null>();

/**
 * Is this the configuration file sequelize-cli reads, as the nearest `.sequelizerc` names it
 * (`config: path.resolve('src', 'database', 'config.js')`)? Read from the text, not run: a path
 * built from string literals, after `__dirname` or `process.cwd()` if any, relative to the
 * `.sequelizerc`'s directory (where sequelize-cli runs).
 */
export function isSequelizeCliConfig(filename: string): boolean {
  const file = path.resolve(filename);
  const named = nearestUp(file, configs, readConfigPath);
  if (!named) {
    return false;
  }
  // The same module under its source extension (`config.ts` compiled to the `config.js` it names).
  const strip = (name: string): string => name.replace(/\.[cm]?[jt]s$/, '');
  return named === file || strip(named) === strip(file);
}

const CONFIG_ENTRY = /['"]?config['"]?\s*:\s*(?:path\s*\.\s*(?:resolve|join)\s*\(([^)]*)\)|(['"`])([^'"`]+)\2)/;

function readConfigPath(dir: string): string | null {
  const rc = path.join(dir, '.sequelizerc');
  if (!existsSync(rc)) {
    return null;
  }
  let text: string;
  try {
    text = readFileSync(rc, 'utf8');
  } catch {
    return null;
  }
  const match = CONFIG_ENTRY.exec(text);
  if (!match) {
    return null;
  }
  if (match[3] !== undefined) {
    return path.resolve(dir, match[3]);
  }
  const parts = (match[1] ?? '').split(',').map((part) => part.trim()).filter((part) => part.length > 0);
  if (parts[0] === '__dirname' || parts[0] === 'process.cwd()') {
    parts.shift();
  }
  const segments: string[] = [];
  for (const part of parts) {
    const literal = /^(['"`])([^'"`]*)\1$/.exec(part);
    if (!literal) {
      return null; // a path built from something else
    }
    segments.push(literal[2]!);
  }
  return segments.length > 0 ? path.resolve(dir, ...segments) : null;
}
