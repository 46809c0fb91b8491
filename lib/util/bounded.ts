/**
 * `map.set(key, value)` for a cache that lives as long as the process (an editor's language server
 * lives for days): a map already holding `limit` entries is emptied first.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  if (map.size >= limit) {
    map.clear();
  }
  map.set(key, value);
}
