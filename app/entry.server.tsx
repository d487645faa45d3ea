// Server rendering, plus the process life-cycle hooks the custom server calls (start-up, shutdown).
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { closeDatabase, migrateLatest } from "~/utils/db.server";
import { seedCatalogs } from "~/models/catalogs.server";
import { readBuiltInForms, syncFormDefinitions } from "~/engine/forms/registry.server";
import { readBuiltInWorkflows, syncWorkflowDefinitions } from "~/engine/workflows/registry.server";
import { hasDemoAccounts, seedDemoAccounts } from "~/models/demo.server";
import { env, sessionSecrets } from "~/utils/env.server";
import { cleanupOrphanUploads } from "~/models/uploads.server";
import { remindExpiringCertificates } from "~/features/certificates/reminders.server";
import { certificateKeys } from "~/features/certificates/signing.server";
import { registerFeature, registerFeatures } from "~/features/index.server";
import { documentNames } from "~/engine/documents/registry";
import { closeDocumentWorkers, configureDocumentWorkers } from "~/engine/documents/render-pool.server";
import { seedFirstBatch } from "~/models/batches.server";
import { DEFAULT_PLEDGE_TEXT } from "~/features/admission/documents/default-pledge";
import { draftEndpoint } from "~/features/admission/draft-endpoint.server";
import { heartbeatEndpoint } from "~/features/courses/heartbeat-endpoint.server";
import { examAnswerEndpoint } from "~/features/exam/answer-endpoint.server";
import { examStartEndpoint } from "~/features/exam/start-endpoint.server";
import { verifyEndpoint } from "~/features/certificates/verify-endpoint.server";
import { startScheduledJobs, stopScheduledJobs } from "~/features/jobs.server";
import { answerPlain, plainRequest } from "~/utils/plain-endpoint.server";
import type { PlainEndpoint } from "~/utils/plain-endpoint.server";
import { withoutTrailingNuls } from "~/utils/react18-nul-fix.server";
import { insertBeforeHeadEnd } from "~/utils/head-insert.server";
import { collectAntdStyles } from "~/components/antd-server-styles.server";

export { startup, shutdown, cleanupOrphanUploads, remindExpiringCertificates, answerPlain, plainRequest, registerFeature };

/** Served by the custom server ahead of Remix (see app/utils/plain-endpoint.server.ts). */
export const plainEndpoints: PlainEndpoint[] = [draftEndpoint, heartbeatEndpoint, examStartEndpoint, examAnswerEndpoint, verifyEndpoint];

const ABORT_DELAY = 5_000;

/**
 * The document worker threads' entry (app/workers/documents.server.ts), by path, never imported: in the
 * build, the bundle beside this one (build/document-worker.js, made by scripts/build-server.js); from
 * source under tsx, the TypeScript itself (worker threads inherit tsx).
 */
const DOCUMENT_WORKER = new URL(/\.tsx?$/.test(import.meta.url) ? "./workers/documents.server.ts" : "./document-worker.js", import.meta.url);

/** 4xx answers (no action for a POST, unknown URL) are the client's mistake, not the server's: don't log them. */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  console.error(error);
};

/** Migrates and seeds; in production refuses to run with demo accounts or without a session secret. */
async function startup(opts: { demo?: boolean } = {}): Promise<void> {
  sessionSecrets();
  registerFeatures();
  configureDocumentWorkers(DOCUMENT_WORKER);
  await migrateLatest();
  await seedCatalogs();
  const forms = readBuiltInForms();
  await syncFormDefinitions(forms);
  await syncWorkflowDefinitions(readBuiltInWorkflows(undefined, { knownForms: forms.map((f) => f.key), knownDocuments: documentNames() }));
  await seedFirstBatch(DEFAULT_PLEDGE_TEXT);
  if (env.isProduction) {
    if (opts.demo) throw new Error("Demo mode is not allowed in production (NODE_ENV=production)");
    if (await hasDemoAccounts()) throw new Error("Demo accounts exist in this database; production refuses to start");
  } else if (opts.demo) {
    await seedDemoAccounts();
  }
  // Production refuses to start without CERT_SIGNING_KEY (as without SESSION_SECRET); elsewhere a key is made once in data/.
  certificateKeys();
  // Upload cleanup, the exam sweeper and certificate reminders: each once per period across all instances.
  await startScheduledJobs();
}

async function shutdown(): Promise<void> {
  await stopScheduledJobs();
  await closeDocumentWorkers();
  await closeDatabase();
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = (loadContext as { cspNonce?: string }).cspNonce;
  const waitForAll = isbot(request.headers.get("user-agent") || "");
  // antd's generated styles (its CSS variables) for this document, written at the end of <head> so the
  // first paint is styled before the scripts run (components/antd-server-styles.server.tsx).
  const antdStyles = collectAntdStyles();
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      antdStyles.wrap(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />),
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          // React's own chunks first (the NUL trim depends on where React cut them), then the splice.
          const chunks = withoutTrailingNuls();
          const body = chunks.pipe(insertBeforeHeadEnd(antdStyles.styleTags));
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(chunks);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
