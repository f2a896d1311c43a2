/** One `key op value` condition of an `NVIDIA_REQUIRE_*` expression. */
export interface RequireCondition {
  key: 'cuda' | 'driver' | 'arch' | 'brand';
  op: '=' | '!=' | '<' | '<=' | '>' | '>=';
  value: string;
}

/** An expression: space-separated clauses are ORed, the comma-separated conditions of a clause ANDed. */
export type RequireExpression = RequireCondition[][];

const CONDITION = /^(cuda|driver|arch|brand)(>=|<=|!=|=|<|>)(\S+)$/;
/** `cuda` and `driver` are compared as versions; `arch` and `brand` as names. */
const VALUE: Record<RequireCondition['key'], RegExp> = {
  cuda: /^\d+(?:\.\d+){0,2}$/,
  driver: /^\d+(?:\.\d+){0,2}$/,
  arch: /^[\w.-]+$/,
  brand: /^[\w.-]+$/,
};

/**
 * Parses `NVIDIA_REQUIRE_CUDA` as the NVIDIA Container Toolkit reads it, e.g.
 * `cuda>=12.4 brand=tesla,driver>=470,driver<471`. Returns an error message for text it would refuse.
 */
export function parseNvidiaRequire(text: string): RequireExpression | { error: string } {
  const clauses: RequireExpression = [];
  for (const clause of text.trim().split(/\s+/).filter(Boolean)) {
    const conditions: RequireCondition[] = [];
    for (const part of clause.split(',')) {
      const match = CONDITION.exec(part);
      if (!match || !VALUE[match[1] as RequireCondition['key']].test(match[3]!)) {
        return {
          error: `"${part}" is not a condition (expected cuda, driver, arch or brand, an operator, a value)`,
        };
      }
      conditions.push({
        key: match[1] as RequireCondition['key'],
        op: match[2] as RequireCondition['op'],
        value: match[3]!,
      });
    }
    clauses.push(conditions);
  }
  return clauses;
}
