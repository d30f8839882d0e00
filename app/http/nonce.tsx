import { createContext, useContext } from "react";

// The per-response CSP nonce, handed from entry.server to every <script> Remix renders.
export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);
