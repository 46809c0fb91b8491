import { ASTUtils, AST_NODE_TYPES as NODE_TYPES } from '@typescript-eslint/utils';

/**
 * `AST_NODE_TYPES`, read once. Through `@typescript-eslint/utils` every `AST_NODE_TYPES.X` in
 * compiled CommonJS goes through a re-export getter, which the rules hit millions of times.
 */
export const AST_NODE_TYPES: typeof NODE_TYPES = NODE_TYPES;

/** `ASTUtils.findVariable`, read once for the same reason: the scope look-up the analysis makes most. */
export const findVariable: typeof ASTUtils.findVariable = ASTUtils.findVariable;
