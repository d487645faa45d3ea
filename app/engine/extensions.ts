// Open registries: the engine names extension points (step types, guards, effects, document
// templates, widgets); code outside the engine fills them at start-up (app/features/index.server.ts,
// or a test's own feature). A definition refers to an entry by its registry key (DESIGN rule 6).
// Browser-safe.

/**
 * Adds `entry` under `name` to a registry map. Throws when the name is taken by a different entry
 * (two features claiming one name is a programming error); registering the same entry again is a
 * no-op, so start-up may run more than once in a process (tests).
 */
export function registerInto<T>(registry: Record<string, T>, kind: string, name: string, entry: T): void {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(name)) throw new Error(`${kind} name "${name}" must be kebab-case`);
  const existing = registry[name];
  if (existing !== undefined && existing !== entry) throw new Error(`${kind} "${name}" is registered twice`);
  registry[name] = entry;
}
