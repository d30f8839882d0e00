// Which TCP peers may speak for a client through X-Forwarded-For (TRUSTED_PROXIES).
// Trusting a hop count alone lets anyone who reaches the app port directly name
// their own address, and so walk around every per-IP limit (decision 011).
import net from "node:net";

export type AddressSet = { matches(address: string): boolean; readonly source: string };

/** IPv4-mapped IPv6 ("::ffff:10.0.0.1") is the IPv4 address it carries. */
function normalise(address: string): { address: string; family: "ipv4" | "ipv6" } | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const plain = mapped ? mapped[1]! : address.replace(/^\[(.*)\]$/, "$1");
  if (net.isIPv4(plain)) return { address: plain, family: "ipv4" };
  if (net.isIPv6(plain)) return { address: plain, family: "ipv6" };
  return null;
}

function addressSet(entries: { address: string; prefix: number; family: "ipv4" | "ipv6" }[], source: string): AddressSet {
  const list = new net.BlockList();
  for (const entry of entries) list.addSubnet(entry.address, entry.prefix, entry.family);
  return {
    source,
    matches(address) {
      const parsed = normalise(address);
      return parsed !== null && list.check(parsed.address, parsed.family);
    },
  };
}

const LOOPBACK_ENTRIES = [
  { address: "127.0.0.0", prefix: 8, family: "ipv4" as const },
  { address: "::1", prefix: 128, family: "ipv6" as const },
];

export const LOOPBACK = addressSet(LOOPBACK_ENTRIES, "loopback");

/**
 * "loopback", or addresses and CIDRs separated by commas ("10.0.0.5, 192.168.0.0/16, fd00::/8",
 * "loopback, 10.0.0.0/8"). Returns a message naming the bad entry when one does not parse.
 */
export function parseProxyList(value: string): AddressSet | string {
  const entries: { address: string; prefix: number; family: "ipv4" | "ipv6" }[] = [];
  for (const raw of value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)) {
    if (raw === "loopback") {
      entries.push(...LOOPBACK_ENTRIES);
      continue;
    }
    const [address = "", prefixText, extra] = raw.split("/");
    const parsed = normalise(address);
    const max = parsed?.family === "ipv4" ? 32 : 128;
    const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!parsed || extra !== undefined || !(prefix >= 0 && prefix <= max)) {
      return `"${raw}" is not an address or CIDR (expected e.g. loopback, 10.0.0.5, 10.0.0.0/8, fd00::/8)`;
    }
    entries.push({ address: parsed.address, prefix, family: parsed.family });
  }
  return addressSet(entries, value);
}

/**
 * Express's "trust proxy" as a function: hop i (0 = the socket's peer) is trusted
 * while it is within TRUST_PROXY_HOPS and its address is a trusted proxy. So the
 * client address is the first untrusted one, and a direct client is its own peer.
 */
export function trustProxy(hops: number, proxies: AddressSet) {
  return (address: string, hop: number) => hop < hops && proxies.matches(address);
}
