import { DefaultNamingStrategy, NamingStrategyInterface, Table } from 'typeorm';

const snake = (s: string): string =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();

const tableNameOf = (t: Table | string): string =>
  (typeof t === 'string' ? t : t.name).split('.').pop()!;

/**
 * snake_case columns and readable, deterministic constraint names (pk_, uq_, fk_, ix_, chk_), so
 * that error mapping and migrations never depend on TypeORM's hashed names.
 */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(className: string, customName: string | undefined): string {
    return customName ?? snake(className.replace(/Entity$/, ''));
  }

  override columnName(property: string, customName: string | undefined, prefixes: string[]) {
    return snake(prefixes.concat(customName ?? property).join('_'));
  }

  override relationName(property: string): string {
    return snake(property);
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snake(`${relationName}_${referencedColumnName}`);
  }

  override joinTableName(first: string, _second: string, property: string): string {
    return snake(`${first}_${property}`);
  }

  override joinTableColumnName(table: string, property: string, column?: string): string {
    return snake(`${table}_${column ?? property}`);
  }

  override primaryKeyName(table: Table | string): string {
    return `pk_${tableNameOf(table)}`;
  }

  override uniqueConstraintName(table: Table | string, columns: string[]): string {
    return `uq_${tableNameOf(table)}_${columns.join('_')}`;
  }

  override foreignKeyName(table: Table | string, columns: string[]): string {
    return `fk_${tableNameOf(table)}_${columns.join('_')}`;
  }

  override indexName(table: Table | string, columns: string[]): string {
    return `ix_${tableNameOf(table)}_${columns.join('_')}`;
  }

  override relationConstraintName(table: Table | string, columns: string[]): string {
    return `rel_${tableNameOf(table)}_${columns.join('_')}`;
  }
}
