/** Prisma reports a violated unique constraint as P2002, through either driver adapter. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'P2002';
}

/** Thrown when a caller asks for a row that must exist (e.g. updating a missing connection). */
export class StoreNotFoundError extends Error {
  override readonly name = 'StoreNotFoundError';
}
