import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The package's own name and version, from the package.json found upwards from this file (sources or dist/). */
export function packageInfo(): { name: string; version: string } {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const info = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (info.name === 'eslint-plugin-pgbouncer' && info.version) {
        return { name: info.name, version: info.version };
      }
    } catch {
      // not this one
    }
    if (path.dirname(dir) === dir) {
      return { name: 'eslint-plugin-pgbouncer', version: '0.0.0' };
    }
  }
}
