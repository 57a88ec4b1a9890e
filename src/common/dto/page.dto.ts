import type { Type as Class } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

export class PageQueryDto {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  offset = 0;
}

export class PageMetaDto {
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export interface Page<T> extends PageMetaDto {
  items: T[];
}

/** The OpenAPI shape of a page of `item`: `class UserPageDto extends PageOf(UserDto) {}`. */
export function PageOf<T>(item: Class<T>) {
  class PageDto extends PageMetaDto {
    @ApiProperty({ type: [item] }) items: T[];
  }
  return PageDto;
}

/** A page of rows counted by the database: one shape for every list. */
export function toPage<T>(items: T[], total: number, page: PageQueryDto): Page<T> {
  return { items, total, limit: page.limit, offset: page.offset };
}

/** Runs a query builder for one page (and the count of all), mapping rows to what the API shows. */
export async function paginate<E extends ObjectLiteral, T>(
  qb: SelectQueryBuilder<E>,
  page: PageQueryDto,
  map: (rows: E[]) => T[] | Promise<T[]>,
): Promise<Page<T>> {
  const [rows, total] = await qb.take(page.limit).skip(page.offset).getManyAndCount();
  return toPage(await map(rows), total, page);
}
