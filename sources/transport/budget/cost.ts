/**
 * The estimated cost of one upstream call: by GraphQL operation name, else by `METHOD /path`
 * template (e.g. `GET /rest/api/3/issue/{issueIdOrKey}`, relative to the upstream base), else the
 * default cost.
 */
import type { BudgetSettings } from '../../config/types.ts';

interface RouteCost {
  method: string;
  pattern: RegExp;
  cost: number;
}

export interface CostRequest {
  operationNames: string[];
  method: string;
  /** Path below the upstream base URL. */
  relativePath: string;
}

export function createCostEstimator(budget: BudgetSettings): (request: CostRequest) => number {
  const routes: RouteCost[] = [];
  for (const [key, cost] of Object.entries(budget.costs)) {
    const route = /^([A-Za-z]+)\s+(\/\S*)$/.exec(key);
    if (route === null) continue;
    const [, method, template] = route;
    const pattern = template
      .split(/(\{[^}/]+\})/)
      .map((part) => (/^\{[^}/]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    routes.push({ method: method.toUpperCase(), pattern: new RegExp(`^${pattern}/?$`), cost });
  }
  return ({ operationNames, method, relativePath }) => {
    for (const name of operationNames) {
      const cost = budget.costs[name];
      if (cost !== undefined) return cost;
    }
    const route = routes.find((candidate) => candidate.method === method && candidate.pattern.test(relativePath));
    return route?.cost ?? budget.defaultCost;
  };
}
