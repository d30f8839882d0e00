// Zod compiles a schema on first use, which costs more than using it: forms whose
// schema depends on a letter's allowed domains build one per set of domains, once.
export function perDomains<T>(build: (domains: string[]) => T, max = 1000) {
  const built = new Map<string, T>();
  return (domains: string[]): T => {
    const key = domains.join(",");
    let value = built.get(key);
    if (value === undefined) {
      if (built.size >= max) built.clear();
      value = build(domains);
      built.set(key, value);
    }
    return value;
  };
}
