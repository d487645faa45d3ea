// The review-task states abilities are built from, read per request from the published workflow
// versions. A published (key, version) never changes (DESIGN rule 7), so what each version declares is
// cached as frozen data for the life of the process; a request pays one small query for the list of
// versions, and a version published by another process is seen by the next request.
import { db } from "~/utils/db.server";
import { getWorkflowVersion } from "../workflows/registry.server";
import type { WorkflowDefinition } from "../workflows/definition-schema";
import type { TaskState } from "./ability";

const byVersion = new Map<string, readonly TaskState[]>(); // `${key}@${version}` → its task states
let last: { versions: string; states: readonly TaskState[] } | null = null;

/** The task states one workflow version declares (frozen: shared by every request). */
function declaredTasks(key: string, def: WorkflowDefinition): readonly TaskState[] {
  const out: TaskState[] = [];
  for (const [state, st] of Object.entries(def.states)) {
    if (!st.task) continue;
    out.push(Object.freeze({ workflowKey: key, state, by: Object.freeze([...st.task.by]), ...(st.task.region ? { region: st.task.region } : {}) }));
  }
  return Object.freeze(out);
}

/**
 * Every review-task state of every published version (an instance may be pinned to an old one), as
 * frozen data. Versions that disagree about a state's task give the union of who may handle it, and
 * the region of the latest version. Throws only what the database throws.
 */
export async function publishedTaskStates(): Promise<readonly TaskState[]> {
  const rows: { key: string; version: number }[] = await db("workflow_versions").select("key", "version").orderBy([{ column: "key" }, { column: "version" }]);
  const versions = rows.map((r) => `${r.key}@${r.version}`).join("\n");
  if (last?.versions === versions) return last.states;
  const merged = new Map<string, TaskState>();
  for (const { key, version } of rows) {
    const id = `${key}@${version}`;
    let tasks = byVersion.get(id);
    if (!tasks) {
      const v = await getWorkflowVersion(key, version);
      tasks = v ? declaredTasks(key, v.definition) : Object.freeze([]);
      byVersion.set(id, tasks);
    }
    for (const task of tasks) {
      const at = `${key}\u0000${task.state}`;
      const prev = merged.get(at);
      merged.set(at, prev ? Object.freeze({ ...task, by: Object.freeze([...new Set([...prev.by, ...task.by])]) }) : task);
    }
  }
  const states = Object.freeze([...merged.values()]);
  last = { versions, states };
  return states;
}
