// Where a typed failure becomes an HTTP answer, for every route at once: the server
// build's loaders and actions are wrapped in mapAppErrors (withAppErrors in
// app/entry.server.tsx), so a domain module throws an AppError and never a Response.
// - NotFoundError: 404 "Not found", nothing more (the root ErrorBoundary says it kindly).
// - another AppError: its status, with its user message as the root ErrorBoundary
//   shows 4xx messages (app/components/error-page.tsx). Forms catch theirs earlier
//   and show them next to the field (app/http/form.server.ts).
// - the database not answering (restarting, unreachable, out of connections, its
//   disk full): 503 with Retry-After, so a moment's outage is never a 500 and
//   clients know to retry; the log says why (the driver's code).
// - anything else, Responses (redirects) included: unchanged, so a bug stays a 500.
import { data, type ServerBuild } from "@remix-run/node";
import { databaseUnavailableReason } from "~/db/errors.server";
import { AppError, NotFoundError } from "~/errors";
import { log } from "~/log.server";
import { setResponseHeader } from "./response-scope.server";

/** How long a client is asked to wait when the database did not answer. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Retry-After for a rate-limited answer; also set on the whole response, as a route's own `headers` export may not pass it on. */
export function retryAfterHeaders(error: AppError): Record<string, string> {
  if (!error.options.retryAfterSeconds) return {};
  const retryAfter = String(error.options.retryAfterSeconds);
  setResponseHeader("Retry-After", retryAfter);
  return { "Retry-After": retryAfter };
}

/** What to throw instead of `error`. */
export function appErrorResponse(error: unknown): unknown {
  if (error instanceof NotFoundError) return new Response("Not found", { status: 404 });
  if (error instanceof AppError) return data({ message: error.userMessage }, { status: error.status, headers: retryAfterHeaders(error) });
  const reason = databaseUnavailableReason(error);
  if (reason !== null) {
    // The error's text names the query, never a value: still, log only the driver's
    // code for it (SQLITE_FULL tells the operator to free disk space).
    log.warn("database unavailable: answered 503", { reason });
    const retryAfter = String(DATABASE_RETRY_AFTER_SECONDS);
    setResponseHeader("Retry-After", retryAfter);
    return data({ message: "unavailable" }, { status: 503, headers: { "Retry-After": retryAfter } });
  }
  return error;
}

/** `fn` (a loader or an action), with the AppErrors it throws answered as above. */
export function mapAppErrors<Args extends unknown[], Result>(fn: (...args: Args) => Result) {
  return async (...args: Args): Promise<Awaited<Result>> => {
    try {
      return await fn(...args);
    } catch (error) {
      throw appErrorResponse(error);
    }
  };
}

/**
 * The server build with every route's loader and action wrapped in mapAppErrors:
 * the one place the mapping is applied (server/web.js calls it, through the build's
 * entry module, on the production build and on each development build). Route
 * modules are frozen namespace objects: each gets a new object.
 */
export function withAppErrors(build: ServerBuild): ServerBuild {
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => {
      const { loader, action } = route.module;
      const module = {
        ...route.module,
        ...(loader ? { loader: mapAppErrors(loader) } : {}),
        ...(action ? { action: mapAppErrors(action) } : {}),
      };
      return [id, { ...route, module }];
    }),
  );
  return { ...build, routes };
}
