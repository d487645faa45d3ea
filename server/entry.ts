// What the server needs of the app's build (build/index.js): Remix's ServerBuild, whose entry module
// (app/entry.server.tsx) also exports the process life-cycle and the hot endpoints.
import type { ServerBuild } from "@remix-run/node";
import type { answerPlain, PlainEndpoint, plainRequest } from "../app/utils/plain-endpoint.server";

export type ServerEntry = {
  startup(opts?: { demo?: boolean }): Promise<void>;
  shutdown(): Promise<void>;
  plainEndpoints?: PlainEndpoint[];
  answerPlain: typeof answerPlain;
  plainRequest: typeof plainRequest;
};

export type AppBuild = ServerBuild & { entry: { module: ServerEntry } };
