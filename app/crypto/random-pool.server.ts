// The CSPRNG, read 4 KiB at a time. One system call per token symbol cost more
// than the rest of a signing step, and one per AES-GCM nonce was half the cost of
// sealing an identity (16 of 30 µs) when 100,000 are sealed again at a trustees'
// reveal. Bytes are handed out once and zeroed as they leave the pool.
import type { RandomReader } from "@oslojs/crypto/random";

const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

/** Fills `bytes` from the pool (or straight from the CSPRNG when larger than it). */
function fill(bytes: Uint8Array) {
  if (bytes.length > POOL_SIZE) {
    crypto.getRandomValues(bytes);
    return;
  }
  if (poolOffset + bytes.length > POOL_SIZE) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  bytes.set(pool.subarray(poolOffset, poolOffset + bytes.length));
  pool.fill(0, poolOffset, poolOffset + bytes.length);
  poolOffset += bytes.length;
}

/** oslo's reader, for generateRandomString. */
export const pooledRandom: RandomReader = { read: fill };

/** `length` random bytes, as crypto.randomBytes gives them. */
export function pooledRandomBytes(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  fill(bytes);
  return bytes;
}
