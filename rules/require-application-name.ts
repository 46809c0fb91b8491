import type { TSESTree } from '@typescript-eslint/utils';
import { configSite, isPostgres, lookup, optionsFactorySites, urlParameters, type ConfigSite } from '../lib/analysis/config';
import { addOption, appendUrlParameter, quoted } from '../lib/analysis/config-fix';
import { analyse } from '../lib/analysis/file';
import type { CallInfo } from '../lib/analysis/values';
import { AST_NODE_TYPES } from '../lib/util/node-types';
import { closesEngineOnLoad, ignoredFile, inMigrationFunction, inProvisioningFunction } from '../lib/analysis/pooled-sql';
import { CLI_CONFIG_MODULES, isScriptFile } from '../lib/frameworks/conventions';
import { packageName } from '../lib/util/package-name';
import { createRule } from '../lib/util/rule';

type MessageId = 'missing' | 'missingFromEnvironment' | 'suggestName';

type Options = [{ checkImplicitConfig?: boolean; trustEnvironmentUrls?: boolean; checkScripts?: boolean }];

type NameState = 'set' | 'unset' | 'unset-env' | 'unknown';

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
      suggestName: 'Name the application `{{name}}` (from package.json).',
    },
    schema: [
      {
        type: 'object',
        properties: {
          checkImplicitConfig: {
            type: 'boolean',
            description: 'Also report calls that pass no configuration at all (the driver reads `PG*` environment variables, so `PGAPPNAME` may name it).',
          },
          trustEnvironmentUrls: {
            type: 'boolean',
            description: 'Assume a connection URL read from the environment carries `?application_name=`.',
          },
          checkScripts: {
            type: 'boolean',
            description: 'Also check one-off and maintenance scripts: files in a `scripts/`, `tools/` or `tooling/` folder, and command-line scripts (`#!/usr/bin/env node`).',
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
    if (!analysis.relevant || ignoredFile(context.filename, context.cwd, {}) || (!options.checkScripts && isScript(context))) {
      return {};
    }
    const sourceCode = context.sourceCode;
    // What the file runs when loaded is read only once it has a configuration to report.
    let script: boolean | undefined;
    const runsAsScript = (): boolean => (script ??= !options.checkScripts && closesEngineOnLoad(analysis, sourceCode.ast));

    function state(site: ConfigSite): NameState {
      if (site.implicit) {
        return options.checkImplicitConfig && site.readsEnvironment ? 'unset' : 'unknown';
      }
      if (site.options) {
        for (const key of site.layout.nameKeys) {
          const found = lookup(site.options, key);
          if (found.property || found.uncertain) {
            return found.property ? 'set' : 'unknown';
          }
        }
      }
      const url = site.url;
      if (url?.kind === 'literal') {
        const parameters = urlParameters(url.text ?? '');
        // A stand-in that never reaches a database (`postgresql://localhost:5432/placeholder`, the
        // client a Next.js build gets when no URL is set) has nothing to name.
        if (!parameters || PLACEHOLDER_URL.test(url.text ?? '')) return 'unknown';
        if (parameters.has('application_name') || parameters.has('fallback_application_name')) return 'set';
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
      const site = configSite(analysis, info);
      if (site) {
        checkSite(site);
      }
    }

    function checkSite(site: ConfigSite): void {
      if (!isPostgres(site) || inMigrationFunction(site.node)) {
        return;
      }
      const verdict = state(site);
      // A function that creates or drops databases is a provisioning step, as a migration is.
      // Both walks are left for a configuration that would be reported.
      if ((verdict !== 'unset' && verdict !== 'unset-env') || inProvisioningFunction(analysis, site.node) || runsAsScript()) {
        return;
      }
      const layout = site.layout;
      const how = layout.nameKey
        ? `with \`${layout.nameKey}\`${site.url?.kind === 'literal' ? ' or `?application_name=` in the connection URL' : ''}`
        : 'with `?application_name=` in the connection URL';
      const name = packageName(context.filename);
      const fix =
        name === undefined
          ? undefined
          : ((site.url?.kind === 'literal' && appendUrlParameter(site.url.node, 'application_name', name)) ||
            (layout.nameKey ? addOption(sourceCode, site, layout.nameKey, quoted(sourceCode, name), layout.urlObjectKey) : undefined));
      context.report({
        node: site.reportAt,
        messageId: verdict === 'unset-env' ? 'missingFromEnvironment' : 'missing',
        data: { label: layout.label, how },
        suggest: fix && name !== undefined ? [{ messageId: 'suggestName', data: { name }, fix }] : [],
      });
    }

    // Options-factory classes (`createTypeOrmOptions()`), which no call of the file shows.
    for (const site of optionsFactorySites(analysis, sourceCode.ast)) {
      checkSite(site);
    }
    return analysis.sharedTraversal({ onModelledCall: check });
  },
});

/** A connection URL that says it is a stand-in: its host or database named `placeholder`, `dummy`, `fake`. */
const PLACEHOLDER_URL = /[/@:](?:placeholder|dummy|fake)(?:[-_]\w+)?(?:[/:?#]|$)/i;

/**
 * A script, by its folder (`scripts/`, `tools/`, `tooling/`: see `isScriptFile`) or as a command: a file that
 * starts with a `#!` line (`#!/usr/bin/env node`) is run from a shell, by hand or by a scheduler.
 * So is a command-line tool's configuration (`kysely.config.ts` importing `kysely-ctl`: see
 * `CLI_CONFIG_MODULES`), whose engine runs the tool's migrations and seeds.
 */
function isScript(context: Readonly<{ filename: string; cwd: string; sourceCode: { text: string; ast: TSESTree.Program } }>): boolean {
  return (
    context.sourceCode.text.startsWith('#!') ||
    isScriptFile(context.filename, context.cwd) ||
    context.sourceCode.ast.body.some((statement) => statement.type === AST_NODE_TYPES.ImportDeclaration && CLI_CONFIG_MODULES.includes(statement.source.value))
  );
}
