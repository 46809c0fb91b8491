import { branchConfigSites, configSite, inLocalOnlyBranch, isPostgres, lookup, optionsFactorySites, targetsLocalDirect, urlParameters, type ConfigSite } from '../lib/analysis/config';
import { addOption, appendUrlParameter, quoted } from '../lib/analysis/config-fix';
import { analyse } from '../lib/analysis/file';
import type { CallInfo } from '../lib/analysis/values';
import { AST_NODE_TYPES } from '../lib/util/node-types';
import { applicationConfigFileSites, dataSourceForCommandLine, closesEngineOnLoad, ignoredFile, inMigrationFunction, inProvisioningFunction } from '../lib/analysis/pooled-sql';
import { isScript } from '../lib/frameworks/conventions';
import { packageName } from '../lib/util/package-name';
import { outsideAll, packageVersions, type VersionSpan } from '../lib/util/package-version';
import type { ConfigLayout } from '../lib/models/config';
import { createRule } from '../lib/util/rule';

type MessageId = 'missing' | 'missingFromEnvironment' | 'urlParameterDropped' | 'suggestName' | 'suggestMove';

type Options = [{ checkImplicitConfig?: boolean; trustEnvironmentUrls?: boolean; checkScripts?: boolean }];

/** `dropped`: the URL names the application, but the library never sends its query parameters. */
type NameState = 'set' | 'unset' | 'unset-env' | 'dropped' | 'unknown';

export default createRule<Options, MessageId>({
  name: 'require-application-name',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require every database engine and client to name the application (`application_name`) so `pg_stat_activity` shows who holds a connection',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      missing:
        'This {{label}} configuration sets no `application_name`. Behind a pooler `pg_stat_activity` lists the pooler\'s connections, so nobody can tell which service holds a connection, runs a slow query or sits "idle in transaction". ' +
        'Set it {{how}}.',
      missingFromEnvironment:
        'This {{label}} configuration sets no `application_name`; its connection URL comes from the environment, which usually carries none. Behind a pooler `pg_stat_activity` lists the pooler\'s connections, so nobody can tell which service holds a connection, runs a slow query or sits "idle in transaction". ' +
        'Set it {{how}} (or, if your URLs carry `?application_name=`, turn on the `trustEnvironmentUrls` option).',
      urlParameterDropped:
        '{{label}} reads only the host, port, user, password and database of this connection URL: its `?application_name=` never reaches PostgreSQL, so behind a pooler `pg_stat_activity` still cannot tell which service holds a connection, runs a slow query or sits "idle in transaction". ' +
        'Set it {{how}}.',
      suggestName: 'Name the application `{{name}}` (from package.json).',
      suggestMove: 'Name the application `{{name}}` where the driver reads it.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          checkImplicitConfig: {
            type: 'boolean',
            description: 'Also report calls that pass no configuration, or options that name no server or user (the driver reads `PG*` environment variables, so `PGAPPNAME` may name it).',
          },
          trustEnvironmentUrls: {
            type: 'boolean',
            description: 'Assume a connection URL read from the environment carries `?application_name=`.',
          },
          checkScripts: {
            type: 'boolean',
            description: 'Also check one-off and maintenance scripts: files in a `scripts/`, `cli/`, `tools/` or `tooling/` folder, and command-line scripts (`#!/usr/bin/env node`, or a file importing an argument parser such as `yargs` or `commander`).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkImplicitConfig: false, trustEnvironmentUrls: false, checkScripts: false }],
  },
  defaultOptions: [{ checkImplicitConfig: false, trustEnvironmentUrls: false, checkScripts: false }],
  create(context, [options]) {
    const analysis = analyse(context, false);
    // Tests connect to a throw-away database, not through the production pooler; migrations,
    // seeds and scripts (by their folder, a `#!` line, or an engine closed when the file has run)
    // are one-off steps of a deploy or a developer's machine, not a service to tell apart.
    // A configuration file by convention (a `knexfile`) imports no library, and is read all the same.
    const fileSites = applicationConfigFileSites(analysis, context.sourceCode.ast, context.filename, context.cwd);
    if (
      (!analysis.relevant && fileSites.length === 0) ||
      ignoredFile(context.filename, context.cwd, {}, context.sourceCode.ast) ||
      (!options.checkScripts && isScript(context.filename, context.cwd, context.sourceCode))
    ) {
      return {};
    }
    const sourceCode = context.sourceCode;
    // What the file runs when loaded is read only once it has a configuration to report.
    let script: boolean | undefined;
    const runsAsScript = (): boolean => (script ??= !options.checkScripts && closesEngineOnLoad(analysis, sourceCode.ast));

    function state(site: ConfigSite): NameState {
      if (site.options) {
        for (const key of site.layout.nameKeys) {
          const found = lookup(site.options, key);
          if (found.property || found.uncertain) {
            return found.property ? 'set' : 'unknown';
          }
        }
      }
      // No configuration, or none that names the server: the driver reads `PG*` variables, `PGAPPNAME` among them.
      if (site.implicit || site.untargeted === 'environment') {
        return options.checkImplicitConfig && site.readsEnvironment ? 'unset' : 'unknown';
      }
      const url = site.url;
      // A stand-in that never reaches a database (`postgresql://localhost:5432/placeholder`, the
      // client a Next.js build gets when no URL is set) has nothing to name.
      // Nor does the database on the developer's machine, reached directly (`postgres://localhost:5432/app`,
      // Sequelize's options without `host`).
      // So does a test run's, named so in the environment (`process.env.TEST_DATABASE_URL`).
      if ((url?.kind === 'literal' && PLACEHOLDER_URL.test(url.text ?? '')) || targetsLocalDirect(site) || site.untargeted === 'local') {
        return 'unknown';
      }
      if (site.layout.urlDropsParameters) {
        // Whatever the URL holds, only the options can name the application.
        const parameters = url?.kind === 'literal' ? urlParameters(url.text ?? '') : undefined;
        return parameters && namesApplication(parameters) ? 'dropped' : site.options ? 'unset' : 'unknown';
      }
      if (url?.kind === 'literal') {
        const parameters = urlParameters(url.text ?? '');
        if (!parameters) return 'unknown';
        if (namesApplication(parameters)) return 'set';
        return 'unset';
      }
      if (url?.kind === 'env') {
        return options.trustEnvironmentUrls ? 'unknown' : 'unset-env';
      }
      if (url?.kind === 'unknown') {
        return 'unknown';
      }
      // No URL in sight: the options connect by host and port (or PG* variables), unless only a URL
      // can name the application (Prisma's URL lives in schema.prisma).
      return site.options && site.layout.nameKeys.length > 0 ? 'unset' : 'unknown';
    }

    function check(info: CallInfo): void {
      if (info.node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
        return;
      }
      // Options that are a choice between object literals first: read whole, such a choice is a URL
      // or options nothing tells apart.
      const branches = branchConfigSites(analysis, info);
      const site = branches ? undefined : configSite(analysis, info);
      if (branches) {
        checkBranches(branches);
      } else if (site) {
        checkSite(site);
      }
    }

    /**
     * Options that are a choice between object literals: one report, when no branch a deployed
     * service may take names the application (a branch for the developer's machine is left out),
     * and no suggestion, which would name it in one branch only.
     */
    function checkBranches(sites: readonly ConfigSite[]): void {
      const local = (site: ConfigSite): boolean =>
        (site.options !== undefined && inLocalOnlyBranch(site.options)) || site.untargeted === 'local' || targetsLocalDirect(site);
      const deployed = sites.filter((site) => !local(site));
      const verdicts = deployed.map((site) => (isPostgres(site) ? state(site) : 'unknown'));
      if (verdicts.length > 0 && verdicts.every((verdict) => verdict === 'unset' || verdict === 'unset-env')) {
        checkSite(deployed[verdicts.indexOf('unset-env') >= 0 ? verdicts.indexOf('unset-env') : 0]!, false);
      }
    }

    function checkSite(site: ConfigSite, suggest = true): void {
      if (!isPostgres(site) || inMigrationFunction(site.node)) {
        return;
      }
      const verdict = state(site);
      // A function that creates or drops databases is a provisioning step, as a migration is; a
      // branch taken only in development or for a local host reaches the developer's database.
      // These walks are left for a configuration that would be reported.
      if (
        (verdict !== 'unset' && verdict !== 'unset-env' && verdict !== 'dropped') ||
        inProvisioningFunction(analysis, site.node) ||
        inLocalOnlyBranch(site.node) ||
        runsAsScript() ||
        dataSourceForCommandLine(site, context.filename, context.cwd, analysis.scopeOf)
      ) {
        return;
      }
      const layout = site.layout;
      // Configured by a URL where the driver takes a URL or options (deno-postgres): only the URL can name it.
      const { key: nameKey, how: keyHow } = layout.urlOrOptions && site.url && !site.options ? {} : nameKeyFor(layout, context.filename);
      const how =
        keyHow !== undefined
          ? `with ${keyHow}${site.url?.kind === 'literal' && !layout.urlDropsParameters ? ' or `?application_name=` in the connection URL' : ''}`
          : 'with `?application_name=` in the connection URL';
      // The name the URL gives, moved where the library reads it; else the package's.
      const name = verdict === 'dropped' ? urlName(site) : packageName(context.filename);
      const fix =
        name === undefined || !suggest
          ? undefined
          : ((verdict !== 'dropped' && site.url?.kind === 'literal' && appendUrlParameter(site.url.node, 'application_name', name)) ||
            (nameKey ? addOption(sourceCode, site, nameKey, quoted(sourceCode, name), layout.urlObjectKey) : undefined));
      context.report({
        node: verdict === 'dropped' && site.url ? site.url.node : site.reportAt,
        messageId: verdict === 'dropped' ? 'urlParameterDropped' : verdict === 'unset-env' ? 'missingFromEnvironment' : 'missing',
        data: { label: layout.label, how },
        suggest: fix && name !== undefined ? [{ messageId: verdict === 'dropped' ? 'suggestMove' : 'suggestName', data: { name }, fix }] : [],
      });
    }

    // Options-factory classes (`createTypeOrmOptions()`), which no call of the file shows.
    for (const site of optionsFactorySites(analysis, sourceCode.ast)) {
      checkSite(site);
    }
    for (const site of fileSites) {
      checkSite(site);
    }
    return analysis.relevant ? analysis.sharedTraversal({ onModelledCall: check }) : {};
  },
});

/**
 * Where the suggestion adds the application name, and how the message says to set it: the layout's
 * key, or the key for the library version the file runs against (`nameKeyByVersion`); with the
 * version unknown, every key with its versions and no suggestion.
 */
function nameKeyFor(layout: ConfigLayout, filename: string): { key?: string; how?: string } {
  const byVersion = layout.nameKeyByVersion;
  if (!byVersion) {
    return layout.nameKey ? { key: layout.nameKey, how: `\`${layout.nameKey}\`` } : {};
  }
  let span: VersionSpan | undefined;
  for (const pkg of byVersion.packages) {
    span ??= packageVersions(filename, pkg);
  }
  const candidates = span ? byVersion.keys.filter((entry) => !outsideAll(span, [entry.versions])) : byVersion.keys;
  if (candidates.length === 1) {
    return { key: candidates[0]!.key, how: `\`${candidates[0]!.key}\`` };
  }
  const all = candidates.length > 0 ? candidates : byVersion.keys;
  return { how: all.map((entry) => `\`${entry.key}\` (${entry.what})`).join(' or ') };
}

/** Do a URL's query parameters name the application? */
function namesApplication(parameters: ReadonlyMap<string, string>): boolean {
  return parameters.has('application_name') || parameters.has('fallback_application_name');
}

/** The `application_name` a literal connection URL gives. */
function urlName(site: ConfigSite): string | undefined {
  const parameters = site.url?.kind === 'literal' ? urlParameters(site.url.text ?? '') : undefined;
  const name = parameters?.get('application_name') ?? parameters?.get('fallback_application_name');
  return name && !name.includes('\u0000') ? name : undefined;
}

/** A connection URL that says it is a stand-in: its host or database named `placeholder`, `dummy`, `fake`. */
const PLACEHOLDER_URL = /[/@:](?:placeholder|dummy|fake)(?:[-_]\w+)?(?:[/:?#]|$)/i;

