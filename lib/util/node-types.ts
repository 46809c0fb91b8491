import { findVariable as findVariableUntyped } from '@eslint-community/eslint-utils';
import { AST_NODE_TYPES as NODE_TYPES } from '@typescript-eslint/types';
import type { ASTUtils } from '@typescript-eslint/utils';

/**
 * `AST_NODE_TYPES`, read once, from `@typescript-eslint/types` (which typescript-eslint's parser loads
 * anyway). Through `@typescript-eslint/utils` every `AST_NODE_TYPES.X` in compiled CommonJS goes
 * through a re-export getter, which the rules hit millions of times; and loading
 * `@typescript-eslint/utils` at run time (39 modules, about 16 ms) was a third of the plugin's
 * import. The plugin takes only types from it.
 */
export const AST_NODE_TYPES: typeof NODE_TYPES = NODE_TYPES;

/**
 * The scope look-up the analysis makes most: `@eslint-community/eslint-utils`' `findVariable`
 * (what `ASTUtils.findVariable` re-exports, ESLint's own dependency), typed as typescript-eslint
 * types it.
 */
export const findVariable: typeof ASTUtils.findVariable = findVariableUntyped as typeof ASTUtils.findVariable;
