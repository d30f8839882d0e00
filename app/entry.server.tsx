import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { pageHydrates } from "~/http/hydration";
import { applyResponseDefaults } from "~/http/response-scope.server";
import { NonceContext } from "~/http/nonce";
import { isCacheablePage, rememberPage } from "~/publishing/page-cache.server";
import { log } from "~/log.server";

export { runtime } from "~/server/runtime.server";
// server/web.js wraps the build with it: AppErrors become HTTP answers in one place.
export { withAppErrors } from "~/http/app-errors.server";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  const handles = remixContext.staticHandlerContext.matches.map((match) => remixContext.routeModules[match.route.id]?.handle);
  if (isCacheablePage(request, responseStatusCode, responseHeaders, pageHydrates(handles))) {
    return renderForCache(request, responseStatusCode, responseHeaders, remixContext, nonce);
  }
  const { actionHeaders, loaderHeaders } = remixContext.staticHandlerContext;
  applyResponseDefaults(responseHeaders, [...Object.values(actionHeaders ?? {}), ...Object.values(loaderHeaders ?? {})]);
  // Bots (and no-JS readers' crawlers) get the whole page at once; browsers get it streamed.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) log.error("render failed", { error });
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/** The whole page at once, kept for the next readers (app/publishing/page-cache.server.ts). */
function renderForCache(request: Request, status: number, responseHeaders: Headers, remixContext: EntryContext, nonce: string) {
  return new Promise<Response>((resolve, reject) => {
    let failed = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          const chunks: Buffer[] = [];
          const sink = new PassThrough();
          sink.on("data", (chunk: Buffer) => chunks.push(chunk));
          sink.on("end", () => {
            const body = Buffer.concat(chunks);
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            if (!failed) rememberPage(new URL(request.url).pathname, responseHeaders, body);
            resolve(new Response(body, { headers: responseHeaders, status: failed ? 500 : status }));
          });
          pipe(sink);
        },
        onShellError: reject,
        onError(error: unknown) {
          failed = true;
          log.error("render failed", { error });
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/** `.data` requests (client-side navigations and fetcher submissions): the same defaults as documents. */
export function handleDataRequest(response: Response) {
  applyResponseDefaults(response.headers);
  return response;
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // Remix's own 404 (no route) and 405 (no action) reach here too: a client's
  // mistake, already in the request log with its status, not an error of ours.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  // The database did not answer: logged once where it was mapped (app/http/app-errors.server.ts).
  if (isRouteErrorResponse(error) && error.status === 503) return;
  log.error("unhandled error", { error });
}
