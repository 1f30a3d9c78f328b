/** What the store needs from a logger; pino's Logger satisfies it. */
export interface StoreLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

export const silentLogger: StoreLogger = { debug() {}, info() {}, warn() {}, error() {} };
