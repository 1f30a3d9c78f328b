/** What a change to Zoom's published spec looks like: shared by the fixes and the later additions. */
export type JsonObject = { [key: string]: unknown };

export interface SpecFix {
  id: string;
  why: string;
  apply(spec: JsonObject): void;
}
