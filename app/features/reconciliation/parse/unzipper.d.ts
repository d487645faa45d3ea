// The slice of unzipper 0.10 (exceljs's own zip reader, installed with it) that xlsx-rows.server.ts uses;
// the package ships no types.
declare module "unzipper" {
  import type { Duplex, PassThrough } from "node:stream";
  export interface Entry extends PassThrough {
    path: string;
    type: "Directory" | "File";
    autodrain(): { promise(): Promise<void> };
  }
  /** A streaming reader of local file headers; with forceStream its readable side yields Entry objects. */
  export function Parse(opts?: { forceStream?: boolean; verbose?: boolean }): Duplex;
  const unzipper: { Parse: typeof Parse };
  export default unzipper;
}
