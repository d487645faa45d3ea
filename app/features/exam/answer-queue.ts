// The page's side of "never lose an answer": every answer given gets the attempt's next sequence
// number and waits in a queue (kept in localStorage by the page) until the server acknowledges that
// sequence number or a higher one for its question; after a reload or a lost connection the queue is
// sent again. Pure and storage-agnostic, so the property test drives this same code. Browser-safe.

export type Pending = { seq: number; choice: number[]; at: number };
export type QueueState = {
  attemptId: number;
  nextSeq: number;
  /** Not yet acknowledged, by question id (only the latest answer per question needs sending). */
  pending: Record<string, Pending>;
  /** What the server acknowledged, by question id. */
  acked: Record<string, { seq: number; choice: number[] }>;
};

/** A fresh queue, or the stored one of the same attempt, merged with what the server says it holds. */
export function restoreQueue(attemptId: number, stored: QueueState | null, server: Record<string, { seq: number; choice: number[] }>): QueueState {
  const base: QueueState = stored && stored.attemptId === attemptId ? structuredClone(stored) : { attemptId, nextSeq: 1, pending: {}, acked: {} };
  for (const [q, s] of Object.entries(server)) {
    if (!base.acked[q] || base.acked[q].seq < s.seq) base.acked[q] = { seq: s.seq, choice: s.choice };
    if (base.pending[q] && base.pending[q].seq <= s.seq) delete base.pending[q];
    base.nextSeq = Math.max(base.nextSeq, s.seq + 1);
  }
  return base;
}

/** Records an answer as given (at: the server's time as the page estimates it). Returns the new state. */
export function give(s: QueueState, questionId: number, choice: number[], at: number): QueueState {
  return { ...s, nextSeq: s.nextSeq + 1, pending: { ...s.pending, [questionId]: { seq: s.nextSeq, choice: [...choice], at } } };
}

/** The server acknowledged `seq` for the question: it is saved (a later answer still waits). */
export function acknowledge(s: QueueState, questionId: number, seq: number, choice: number[]): QueueState {
  const pending = { ...s.pending };
  if (pending[questionId] && pending[questionId].seq <= seq) delete pending[questionId];
  const prev = s.acked[questionId];
  const acked = !prev || prev.seq < seq ? { ...s.acked, [questionId]: { seq, choice } } : s.acked;
  return { ...s, pending, acked };
}

/** The server refused the answer for good (not a network failure): stop sending it. */
export function drop(s: QueueState, questionId: number, seq: number): QueueState {
  if (s.pending[questionId]?.seq !== seq) return s;
  const pending = { ...s.pending };
  delete pending[questionId];
  return { ...s, pending };
}

/** What the page shows as chosen for a question: the latest given, else the acknowledged one. */
export const shownChoice = (s: QueueState, questionId: number): number[] => s.pending[questionId]?.choice ?? s.acked[questionId]?.choice ?? [];

/** The answers still to send, oldest first. */
export const toSend = (s: QueueState) => Object.entries(s.pending).map(([q, p]) => ({ q: Number(q), ...p })).sort((a, b) => a.seq - b.seq);
