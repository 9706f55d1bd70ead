import { z } from 'zod';

/** Agents' context is precious: list tools answer a page at a time. */
export const pageInput = {
  limit: z.number().int().min(1).max(200).optional().describe('how many to return (default 50, at most 200)'),
  offset: z.number().int().min(0).optional().describe('how many to skip, for the next page'),
};

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  /** The offset of the next page, when there is one. */
  next?: number;
}

export function page<T>(
  all: readonly T[],
  input: { limit?: number | undefined; offset?: number | undefined },
): Page<T> {
  const offset = input.offset ?? 0;
  const limit = input.limit ?? 50;
  const items = all.slice(offset, offset + limit);
  return {
    items,
    total: all.length,
    offset,
    ...(offset + limit < all.length ? { next: offset + limit } : {}),
  };
}
