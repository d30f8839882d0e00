import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Nonce for this response's Content-Security-Policy (set by server.js). */
    cspNonce: string;
    /** The client's address as seen through TRUST_PROXY_HOPS proxies; for rate limits only, never stored. */
    clientIp: string;
    /** The request came from this machine directly (no proxy in between). */
    directLoopback: boolean;
  }
}
export {};
