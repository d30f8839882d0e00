// The one place app/domain/trustees reaches the trustee crypto module
// (app/crypto/trustee/): key fingerprints, and where pages load its browser bundle.
import { fingerprint } from "~/crypto/trustee";
import { trusteeCryptoBundle } from "~/crypto/trustee/bundle.server";
import { log } from "~/log.server";

/**
 * A trustee key's fingerprint, always computed here from the stored public key:
 * what a trustee's browser says it sent is never taken on trust.
 */
export function keyFingerprint(publicKey: Uint8Array): Promise<string> {
  return fingerprint(publicKey);
}

let warned = false;

/**
 * Where the trustee page loads the crypto bundle from, with its Subresource
 * Integrity; null when this build has none (the page then says key creation is
 * unavailable, rather than failing).
 */
export function trusteeKeyTool(): { src: string; integrity: string } | null {
  const build = trusteeCryptoBuild();
  return build && { src: build.src, integrity: build.integrity };
}

/**
 * The crypto bundle this server serves: where it is, its Subresource Integrity, and
 * the SHA-256 that pages print so anyone can compare it with a build from source.
 * Null when this build has none (pages then say so, and the server seals instead).
 */
export function trusteeCryptoBuild(): { src: string; integrity: string; sha256: string } | null {
  try {
    const { src, integrity, sha256 } = trusteeCryptoBundle();
    return { src, integrity, sha256 };
  } catch (error) {
    // Once per process: every trustee page would say it again.
    if (!warned) log.warn("trustee crypto bundle unavailable", { error: error instanceof Error ? error.message : String(error) });
    warned = true;
    return null;
  }
}
