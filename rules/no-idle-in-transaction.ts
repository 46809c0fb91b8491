import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../lib/util/node-types';
import { analyse } from '../lib/analysis/file';
import { SlowWorkFinder, waited, type SlowModule } from '../lib/analysis/slow-work';
import { transactionAt } from '../lib/analysis/transaction-context';
import type { CallInfo } from '../lib/analysis/values';
import { isTestFile } from '../lib/frameworks/conventions';
import { keyName, skipWrappers } from '../lib/util/ast';
import { createRule } from '../lib/util/rule';

type MessageId = 'slowWork' | 'slowHelper';

type Options = [{ slowModules?: SlowModule[] }];

/** Neither PgBouncer (`idle_transaction_timeout`) nor PostgreSQL (`idle_in_transaction_session_timeout`) ends one by default. */
const NO_TIMEOUT =
  'Neither PgBouncer (`idle_transaction_timeout`) nor PostgreSQL (`idle_in_transaction_session_timeout`) ends such a transaction by default, so a hung call holds it indefinitely.';

/** The library's default timeout for the callback, unless the call sets its own (`{ timeout: 30_000 }`). */
function managedTimeout(call: CallInfo): string {
  const note = call.spec.callback?.timeout;
  if (!note || call.node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
    return note ?? NO_TIMEOUT;
  }
  const setsOwn = call.node.arguments.some(
    (argument) =>
      argument.type === AST_NODE_TYPES.ObjectExpression &&
      argument.properties.some((property) => property.type === AST_NODE_TYPES.Property && keyName(property.key, property.computed) === 'timeout'),
  );
  return setsOwn ? '' : note;
}

export default createRule<Options, MessageId>({
  name: 'no-idle-in-transaction',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow waiting for HTTP calls, sleeps and other slow non-database work while a transaction is open',
      recommended: true,
    },
    messages: {
      slowWork:
        '`{{call}}` waits for {{what}} while {{transaction}} is open. For the whole wait the transaction holds a server connection and its row locks, "idle in transaction": behind a transaction pooler that connection serves no other client, and others queue for the locks. ' +
        '{{timeout}}Do the slow work before the transaction starts or after it commits.',
      slowHelper:
        '`{{call}}` is {{helper}} that waits for {{what}}, and it runs while {{transaction}} is open. For the whole wait the transaction holds a server connection and its row locks, "idle in transaction": behind a transaction pooler that connection serves no other client, and others queue for the locks. ' +
        '{{timeout}}Do the slow work before the transaction starts or after it commits.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          slowModules: {
            type: 'array',
            description: "Your own modules whose functions are slow (an HTTP client wrapper, a mailer): `{ module, names?, what? }`, matched by import specifier.",
            items: {
              type: 'object',
              properties: {
                module: { type: 'string', minLength: 1, description: 'The import specifier, as written in imports.' },
                names: { type: 'array', items: { type: 'string' }, description: 'Only these exports (`default` for the default export); all when absent.' },
                what: { type: 'string', description: 'What the calls wait for, for messages (`a call to the billing service`).' },
              },
              required: ['module'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ slowModules: [] }],
  },
  defaultOptions: [{ slowModules: [] }],
  create(context, [options]) {
    const analysis = analyse(context, false);
    if (!analysis.relevant || isTestFile(context.filename, context.cwd, context.sourceCode.ast)) {
      return {};
    }
    const sourceCode = context.sourceCode;
    const finder = new SlowWorkFinder(analysis, options.slowModules ?? []);

    function check(node: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression): void {
      const how = waited(node);
      if (!how) {
        return;
      }
      const work = finder.of(node);
      if (!work) {
        return;
      }
      const open = transactionAt(analysis, node);
      // A transaction begun by hand is held by the function itself: returning the promise leaves it.
      if (!open || (open.kind === 'unmanaged' && how !== 'await')) {
        return;
      }
      const transaction =
        open.kind === 'managed'
          ? `the transaction of \`${calleeText(open.managed.call.node)}\``
          : `the transaction begun on \`${open.resource.handle}\``;
      const note = open.kind === 'managed' ? managedTimeout(open.managed.call) : NO_TIMEOUT;
      const timeout = note ? `${note} ` : '';
      context.report({
        node,
        messageId: work.helper ? 'slowHelper' : 'slowWork',
        data: { call: calleeText(node), what: work.what, transaction, timeout, helper: work.helper === 'method' ? 'a method of this class' : 'a function of this file' },
      });
    }

    function calleeText(node: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression): string {
      const callee = node.type === AST_NODE_TYPES.TaggedTemplateExpression ? node.tag : node.callee;
      const shown = render(callee, 0);
      return node.type === AST_NODE_TYPES.NewExpression ? `new ${shown}()` : node.type === AST_NODE_TYPES.TaggedTemplateExpression ? `${shown}\`…\`` : `${shown}()`;
    }

    /** `sqs.sendMessage(…).promise`, without arguments. */
    function render(node: TSESTree.Node, depth: number): string {
      const inner = skipWrappers(node);
      if (depth > 6) return '…';
      switch (inner.type) {
        case AST_NODE_TYPES.Identifier:
          return inner.name;
        case AST_NODE_TYPES.ThisExpression:
          return 'this';
        case AST_NODE_TYPES.MemberExpression:
          return inner.computed ? `${render(inner.object, depth + 1)}[…]` : `${render(inner.object, depth + 1)}.${sourceCode.getText(inner.property)}`;
        case AST_NODE_TYPES.CallExpression:
          return `${render(inner.callee, depth + 1)}(${inner.arguments.length > 0 ? '…' : ''})`;
        case AST_NODE_TYPES.NewExpression:
          return `new ${render(inner.callee, depth + 1)}(${inner.arguments.length > 0 ? '…' : ''})`;
        default:
          return '…';
      }
    }

    return analysis.sharedTraversal({ onCall: check });
  },
});
