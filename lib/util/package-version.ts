import { existsSync } from 'node:fs';
import path from 'node:path';
import { nearestUp, readJsonObject } from './package-name';

/** A version as `[major, minor, patch]`. */
export type Version = readonly [number, number, number];

/** The versions of a package a file may run against: `[from, until)`, `until` open when undefined. */
export interface VersionSpan {
  readonly from: Version;
  readonly until?: Version;
}

/** Package → directory → what that directory says of the package (null: nothing). */
const spans = new Map<string, Map<string, VersionSpan | null>>();

/**
 * The versions of `pkg` that a file runs against, from the nearest directory at or above it that
 * says: the version installed in its `node_modules` (exact), or else the range its package.json
 * asks for (`^23.6.2` → 23.6.2 up to 24; `npm:@fork/slonik@23.6.2-4` → 23.6.2). Undefined when
 * nothing says, or the range is of a shape not read here (`>=22 <26`, `latest`, a git URL).
 */
export function packageVersions(filename: string, pkg: string): VersionSpan | undefined {
  let cache = spans.get(pkg);
  if (!cache) {
    cache = new Map();
    spans.set(pkg, cache);
  }
  return nearestUp(filename, cache, (dir) => installed(dir, pkg) ?? requested(dir, pkg));
}

/** Package → directory → whether that directory's package says it depends on the package (null: it does not say). */
const dependents = new Map<string, Map<string, true | null>>();

/**
 * Does the package a file belongs to depend on `pkg`: installed in the `node_modules` of the nearest
 * directory at or above it that has it, or listed among the dependencies of a package.json there
 * (any range: `workspace:*`, `latest`)? A package.json that does not list it leaves the question to
 * the directories above (a monorepo's root).
 */
export function dependsOn(filename: string, pkg: string): boolean {
  let cache = dependents.get(pkg);
  if (!cache) {
    cache = new Map();
    dependents.set(pkg, cache);
  }
  // Only a directory with a package.json installs packages (`npm install` writes one): the others
  // are passed by with one look-up.
  return nearestUp(filename, cache, (dir) => (manifest(dir) !== undefined && (isInstalled(dir, pkg) || requestedRange(dir, pkg) !== undefined) ? true : null)) === true;
}

/** Directory → its package.json (null: none, or not an object), read once whatever the packages asked about. */
const manifests = new Map<string, Record<string, unknown> | null>();
/** Directory → whether it has a `node_modules`: most directories have none, asked once for all packages. */
const moduleDirs = new Map<string, boolean>();

function manifest(dir: string): Record<string, unknown> | undefined {
  let json = manifests.get(dir);
  if (json === undefined) {
    json = readJsonObject(path.join(dir, 'package.json')) ?? null;
    manifests.set(dir, json);
  }
  return json ?? undefined;
}

function hasNodeModules(dir: string): boolean {
  let has = moduleDirs.get(dir);
  if (has === undefined) {
    has = existsSync(path.join(dir, 'node_modules'));
    moduleDirs.set(dir, has);
  }
  return has;
}

function isInstalled(dir: string, pkg: string): boolean {
  return hasNodeModules(dir) && existsSync(path.join(dir, 'node_modules', pkg, 'package.json'));
}

/** Does every version in `span` fall outside all of `ranges` (each `[from, until)`)? */
export function outsideAll(span: VersionSpan, ranges: ReadonlyArray<VersionSpan>): boolean {
  return ranges.every((range) => {
    const endsBefore = span.until !== undefined ? compare(span.until, range.from) <= 0 : false;
    const startsAfter = range.until !== undefined && compare(span.from, range.until) >= 0;
    return endsBefore || startsAfter;
  });
}

function installed(dir: string, pkg: string): VersionSpan | null {
  const json = hasNodeModules(dir) ? readJsonObject(path.join(dir, 'node_modules', pkg, 'package.json')) : undefined;
  const version = typeof json?.version === 'string' ? parseVersion(json.version) : undefined;
  return version ? { from: version, until: [version[0], version[1], version[2] + 1] } : null;
}

function requested(dir: string, pkg: string): VersionSpan | null {
  const range = requestedRange(dir, pkg);
  return range === undefined ? null : (parseRange(range) ?? null);
}

/** The range the directory's package.json asks for `pkg`, in any of its dependency fields. */
function requestedRange(dir: string, pkg: string): string | undefined {
  const json = manifest(dir);
  if (!json) {
    return undefined;
  }
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const range = (json[field] as Record<string, unknown> | undefined)?.[pkg];
    if (typeof range === 'string') {
      return range;
    }
  }
  return undefined;
}

/** An exact version, `^x.y.z`, `~x.y.z`, `x.y.x`, `x`: the span it allows; undefined for other shapes. */
export function parseRange(text: string): VersionSpan | undefined {
  let range = text.trim();
  if (range.startsWith('npm:')) {
    range = range.slice(range.lastIndexOf('@') + 1);
  }
  const match = /^([\^~]|=)?v?(\d+)(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+][0-9A-Za-z.+-]*)?$/.exec(range);
  if (!match) {
    return undefined;
  }
  const [, operator, majorText, minorText, patchText] = match;
  const major = Number(majorText);
  const minor = minorText === undefined || !/^\d+$/.test(minorText) ? undefined : Number(minorText);
  const patch = patchText === undefined || !/^\d+$/.test(patchText) ? undefined : Number(patchText);
  const from: Version = [major, minor ?? 0, patch ?? 0];
  if (minor === undefined) {
    return { from, until: [major + 1, 0, 0] };
  }
  if (patch === undefined || operator === '~') {
    return operator === '^' && major > 0 ? { from, until: [major + 1, 0, 0] } : { from, until: [major, minor + 1, 0] };
  }
  if (operator === '^') {
    return { from, until: major > 0 ? [major + 1, 0, 0] : minor > 0 ? [0, minor + 1, 0] : [0, 0, patch + 1] };
  }
  return { from, until: [major, minor, patch + 1] };
}

function parseVersion(text: string): Version | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
