/** Prisma reports a violated unique constraint as P2002, through either driver adapter. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'P2002';
}

/** Thrown when a caller asks for a row that must exist (e.g. updating a missing connection). */
export class StoreNotFoundError extends Error {
  override readonly name = 'StoreNotFoundError';
}

/**
 * The database cannot be reached right now (refused, dropped, timed out, busy past the wait). Transient: the same
 * call may succeed in a minute, so callers answer with a sentence and Zoom's redelivery or a retry does the rest.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(options?: { cause?: unknown }) {
    super('the database is unreachable', options);
  }
}

/** Prisma's codes for a server that is not there: unreachable, timed out, closed the connection, pool exhausted. */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** The driver adapters' kinds for the same (adapter-pg and adapter-better-sqlite3). */
const UNAVAILABLE_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'SQLITE_BUSY', 'SQLITE_CANTOPEN']);

/** Whether `error` (a StoreUnavailableError, or what Prisma or a driver threw) means the database is unreachable. */
export function isStoreUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    if (current instanceof StoreUnavailableError) return true;
    const { code, meta, message } = current as {
      code?: unknown;
      meta?: { driverAdapterError?: { cause?: { kind?: unknown } } };
      message?: unknown;
    };
    if (typeof code === 'string' && (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
    const kind = meta?.driverAdapterError?.cause?.kind;
    if (typeof kind === 'string' && UNAVAILABLE_ADAPTER_KINDS.has(kind)) return true;
    // pg says so in words when the server goes away mid-query.
    if (
      typeof message === 'string' &&
      /Connection terminated|connection is closed|Client has encountered a connection error/i.test(message)
    )
      return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
