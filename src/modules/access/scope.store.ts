// Turns a principal's scope (auth.ts scopeFilter) into a SQL condition, so list queries of
// every module filter by region and department the same way.
import type { ScopeFilter } from './access.rules.ts';

// Appends the parameters it needs to `params` and returns the condition. `department` names
// the column holding a department id, `region` the column holding a region code.
export function scopeCondition(filter: ScopeFilter, cols: { department: string; region: string }, params: unknown[]): string {
  switch (filter.kind) {
    case 'all':
      return 'TRUE';
    case 'none':
      return 'FALSE';
    case 'department':
      params.push(filter.departmentId);
      return `${cols.department} = $${params.length}`;
    case 'regions':
      params.push(filter.regionCodes);
      return `${cols.region} = ANY($${params.length}::text[])`;
  }
}
