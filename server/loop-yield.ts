// Long work on the event loop, cut into pieces: the loop is given back (after pending I/O) between pieces, so
// screens' updates and requests go on while a checkpoint is written.

/** The longest the writer keeps the event loop before giving it back: screens' updates go out in between. */
const PIECE_BUDGET_MS = 4;

/** A pause for serializeStateInPieces: gives the loop back (after I/O) once the writer has had it budgetMs. */
export function loopYielder(budgetMs = PIECE_BUDGET_MS): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < budgetMs) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        since = performance.now();
        resolve();
      }),
    );
  };
}
