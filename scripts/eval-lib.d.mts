// Types of scripts/eval-lib.mjs, for tests/meta/corpus.test.ts.
export interface RuleScore {
  expected: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
}

export interface Finding {
  file: string;
  line: number;
  rule: string;
  message: string;
}

export interface EvaluationResult {
  corpusDir: string;
  files: number;
  rules: Record<string, RuleScore>;
  totals: RuleScore;
  falsePositives: Finding[];
  falseNegatives: Finding[];
  problems: string[];
}

export interface Baseline {
  files?: number;
  rules: Record<string, { tp: number; fp: number; fn: number }>;
}

export const defaultCorpusDir: string;
export function corpusFiles(corpusDir?: string): string[];
export function expectationsOf(file: string, text: string): { line: number; rule: string }[];
export function evaluate(options: { plugin: unknown; corpusDir?: string; files?: string[] }): EvaluationResult;
export function regressionsAgainst(result: EvaluationResult, baseline: Baseline): string[];
export function baselineOf(result: EvaluationResult): Baseline;
export function formatReport(result: EvaluationResult): string;
